package io.carbonq.forecasts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.forecasts.api.IntensitySeries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityFilesTest {
  @TempDir Path dir;

  @Test
  void readsTheTwoColumnFormatNamingTheZoneByTheFileAndFillsAMissingHour() throws IOException {
    Files.writeString(
        dir.resolve("DE_2023.csv"),
        "datetime_utc,gco2eq_per_kwh\n"
            + "2023-01-01T00:00Z,100\n"
            + "2023-01-01T01:00Z,110\n"
            + "2023-01-01T03:00Z,130\n");

    IntensityFiles.Read read = IntensityFiles.read(List.of(dir));

    IntensitySeries de = read.byZone().get("DE");
    assertThat(de.start()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
    assertThat(de.step()).isEqualTo(Duration.ofHours(1));
    assertThat(de.size()).isEqualTo(4);
    assertThat(de.gramsPerKwh(2)).isEqualTo(110);
    assertThat(de.gramsPerKwh(3)).isEqualTo(130);
    assertThat(read.filled()).containsEntry("DE", 1);
  }

  @Test
  void readsAnElectricityMapsHourlyCsvGzippedByItsZoneIdAndDirectIntensity() throws IOException {
    Path file = dir.resolve("DE-LU_2023_hourly.csv.gz");
    String csv =
        "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon"
            + " Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data"
            + " Source,Data Estimated,Data Estimation Method\n"
            + "2023-01-01 00:00:00,Germany,Germany,DE,140.51,185.8,83.79,78.42,entsoe.eu,false,\n"
            + "2023-01-01 01:00:00,Germany,Germany,DE,140.44,185.7,83.85,78.93,entsoe.eu,false,\n";
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(csv.getBytes(StandardCharsets.UTF_8));
    }

    IntensitySeries de = IntensityFiles.read(List.of(file)).byZone().get("DE");

    assertThat(de.gramsPerKwh(0)).isEqualTo(140.51);
    assertThat(de.gramsPerKwh(1)).isEqualTo(140.44);
  }

  @Test
  void joinsTwoYearsOfOneZone() throws IOException {
    Files.writeString(
        dir.resolve("GB_2023.csv"),
        "datetime_utc,gco2eq_per_kwh\n2023-01-01T00:00Z,50\n2023-01-01T01:00Z,60\n");
    Files.writeString(
        dir.resolve("GB_2022.csv"),
        "datetime_utc,gco2eq_per_kwh\n2022-12-31T22:00Z,30\n2022-12-31T23:00Z,40\n");

    IntensitySeries gb = IntensityFiles.read(List.of(dir)).byZone().get("GB");

    assertThat(gb.start()).isEqualTo(Instant.parse("2022-12-31T22:00:00Z"));
    assertThat(gb.size()).isEqualTo(4);
    assertThat(gb.gramsPerKwh(2)).isEqualTo(50);
  }

  @Test
  void namesTheFileAndLineOfABadValue() throws IOException {
    Files.writeString(
        dir.resolve("FR.csv"),
        "datetime_utc,gco2eq_per_kwh\n2023-01-01T00:00Z,50\n2023-01-01T01:00Z,lots\n");

    assertThatThrownBy(() -> IntensityFiles.read(List.of(dir)))
        .hasMessageContaining("FR.csv line 3")
        .hasMessageContaining("'lots' is not a number");
  }

  @Test
  void refusesAnUnknownFormatSayingWhichOnesItReads() throws IOException {
    Files.writeString(dir.resolve("x.csv"), "a,b,c\n1,2,3\n");

    assertThatThrownBy(() -> IntensityFiles.read(List.of(dir)))
        .hasMessageContaining("datetime_utc,gco2eq_per_kwh")
        .hasMessageContaining("Electricity Maps");
  }

  @Test
  void refusesPeriodsOutOfOrder() throws IOException {
    Files.writeString(
        dir.resolve("FR.csv"),
        "datetime_utc,gco2eq_per_kwh\n2023-01-01T01:00Z,50\n2023-01-01T00:00Z,60\n");

    assertThatThrownBy(() -> IntensityFiles.read(List.of(dir)))
        .hasMessageContaining("in time order");
  }
}

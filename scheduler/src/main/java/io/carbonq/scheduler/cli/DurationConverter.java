package io.carbonq.scheduler.cli;

import io.carbonq.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as {@link DurationText} does: {@code 90m}, {@code 6h}, {@code 1d12h}, {@code
 * PT6H}.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return DurationText.parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'" + value + "' is not " + DurationText.expected(value)));
  }
}

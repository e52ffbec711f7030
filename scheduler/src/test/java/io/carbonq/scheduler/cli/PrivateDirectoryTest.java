package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {
  @TempDir Path home;

  @Test
  void aMissingDirectoryIsCreatedForItsOwnerOnly() throws Exception {
    Path data = home.resolve("share/carbonq");

    assertThat(PrivateDirectory.secure(data)).isEmpty();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
  }

  @Test
  void whatOthersCouldReadIsMadePrivateAndReported() throws Exception {
    Path data = Files.createDirectory(home.resolve("carbonq"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path database = Files.writeString(data.resolve("carbonq.mv.db"), "jobs");
    Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
    Path token = Files.writeString(data.resolve("admin-token"), "secret");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));

    assertThat(PrivateDirectory.secure(data))
        .containsExactly(
            data + " was rwxr-xr-x, readable by others: made rwx------",
            database + " was rw-r--r--, readable by others: made rw-------");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database)))
        .isEqualTo("rw-------");
    assertThat(PrivateDirectory.secure(data)).isEmpty();
  }

  @Test
  void aDirectoryOrFileThatIsNotCarbonqsIsRefusedAndLeftAsItWas() throws Exception {
    Path etc = Files.createDirectory(home.resolve("etc"));
    Path passwd = Files.writeString(etc.resolve("passwd"), "root:x:0:0");
    Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> PrivateDirectory.secure(etc))
        .isInstanceOf(PrivateDirectory.ForeignDirectoryException.class)
        .hasMessageContaining("holds files that are not carbonq's (such as passwd)");
    assertThatThrownBy(() -> PrivateDirectory.secure(passwd))
        .isInstanceOf(PrivateDirectory.ForeignDirectoryException.class)
        .hasMessageContaining("is a file; give a directory");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc)))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aNewVolumeWithOnlyLostAndFoundAndALogIsTaken() throws Exception {
    Path volume = Files.createDirectory(home.resolve("volume"));
    Files.createDirectory(volume.resolve("lost+found"));
    Files.writeString(volume.resolve("serve.log"), "carbonq serving on …");

    PrivateDirectory.secure(volume);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume)))
        .isEqualTo("rwx------");
  }
}

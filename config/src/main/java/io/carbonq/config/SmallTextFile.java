package io.carbonq.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the small UTF-8 text files people write (configuration, job and sweep specs) and refuses
 * one over a limit before reading it all, so that {@code /dev/zero} or a wrong file is a clear
 * error rather than an OutOfMemoryError. Messages say what is wrong with the file, to follow its
 * name: "is larger than 256 KiB …".
 */
public final class SmallTextFile {
  private SmallTextFile() {}

  /**
   * The file's text, without a leading byte order mark.
   *
   * @throws IOException whose message says what is wrong: missing, unreadable, over {@code
   *     maxBytes}, or not UTF-8
   */
  public static String read(Path file, int maxBytes) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(maxBytes + 1);
    } catch (NoSuchFileException e) {
      throw new IOException("does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IOException("is not readable (permission denied)", e);
    } catch (IOException e) {
      throw new IOException("cannot be read: " + e.getMessage(), e);
    }
    if (bytes.length > maxBytes) {
      throw new IOException(
          "is larger than " + size(maxBytes) + ", the limit for this file; is it the right file?");
    }
    return decode(bytes);
  }

  /** UTF-8 {@code bytes} as text, refusing malformed bytes, without a leading byte order mark. */
  public static String decode(byte[] bytes) throws IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("is not UTF-8 text", e);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static String size(int bytes) {
    return bytes % (1024 * 1024) == 0
        ? bytes / (1024 * 1024) + " MiB"
        : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }
}

package io.carbonq.scheduler.backtest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A text history read with a cap on each line's length: the rows of sacct, CSV and trace files are
 * short, and a file with a line of gigabytes (a compressed run of zeros, a binary) would otherwise
 * fill the memory before anything could say it is not a history.
 */
final class LineLimit extends FilterReader {
  static final int MAX_CHARS = 1 << 20;

  private final String name;
  private int line = 1;
  private int length;

  LineLimit(String name, Reader in) {
    super(in);
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      count((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int count) throws IOException {
    int read = super.read(buffer, offset, count);
    for (int i = offset; i < offset + read; i++) {
      count(buffer[i]);
    }
    return read;
  }

  private void count(char c) {
    if (c == '\n') {
      line++;
      length = 0;
    } else if (++length > MAX_CHARS) {
      throw new IllegalArgumentException(
          name
              + ": line "
              + line
              + " is longer than "
              + MAX_CHARS
              + " characters: not a history this command reads");
    }
  }
}

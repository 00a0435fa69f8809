package org.dnslens.storage.search;

/**
 * Reversed-name keys ({@code com.example.www}) turned back into names ({@code www.example.com}) on bytes,
 * for the passive-DNS wildcard, which compares every key of a large domain with a bound: {@link
 * TransactionSearch#forward} builds a list and three strings per key, and the keys are plain ASCII.
 */
final class ReversedNames {
  private ReversedNames() {}

  /**
   * Writes the forward form of {@code key[0, len)} to {@code out} (same length) and returns its length,
   * or -1 when the key holds a byte that is not lower-case ASCII (an upper-case letter or a UTF-8
   * sequence), where byte order and {@code String} order after lower-casing could differ. Labels are
   * split where {@link TransactionSearch#forward} splits them: at dots not escaped by a backslash.
   */
  static int forwardAscii(byte[] key, int len, byte[] out) {
    int start = 0;
    for (int i = 0; i < len; i++) {
      int b = key[i];
      if (b < 0 || (b >= 'A' && b <= 'Z')) {
        return -1;
      }
      if (b == '\\') {
        if (i + 1 < len && (key[i + 1] < 0 || (key[i + 1] >= 'A' && key[i + 1] <= 'Z'))) {
          return -1;
        }
        i++; // escaped character (\. or \DDD's first digit): never a boundary
      } else if (b == '.') {
        // label [start, i) of the key ends at len - start in the name; the dot before it at len - i - 1
        System.arraycopy(key, start, out, len - i, i - start);
        out[len - i - 1] = '.';
        start = i + 1;
      }
    }
    System.arraycopy(key, start, out, 0, len - start);
    return len;
  }
}

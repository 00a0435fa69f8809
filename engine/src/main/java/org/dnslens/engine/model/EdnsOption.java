package org.dnslens.engine.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One EDNS0 option.
 *
 * <p>A final class with a record's API (canonical constructor, accessors, value {@code equals}/{@code
 * hashCode}/{@code toString}) rather than a {@code record}, so that {@link #data()} and {@link #hex()}
 * may be made lazily, as {@link ResourceRecord#data()} is. Most messages of a modern resolver carry a
 * COOKIE option, and the decoder made its hex text and its {@code client=...} text for every one of them
 * on the reader thread (about 5 % of it in a cold read of gen1m, docs/PERFORMANCE.md session 18), while
 * an ingest never asks for either (the case keeps the wire bytes). The decoder now keeps the option's
 * bytes and a {@link Presenter} from the DNS package; the text is made on first call. Equality compares
 * the texts, so a lazy option equals an eager one with the same content.
 */
public final class EdnsOption {
  /**
   * Renders an option's presentation text from its bytes. The DNS decoder supplies it (the model
   * depends on nothing else in dnslens); it must be stateless, since it is called from any thread.
   */
  @FunctionalInterface
  public interface Presenter {
    /** The presentation text of option {@code code} with these bytes (the hex text when malformed). */
    String data(int code, byte[] bytes);

    /**
     * Writes {@link #data}'s text as ASCII bytes at {@code offset} of {@code dst} (room for {@link
     * #MAX_WRITTEN_DATA_BYTES}) and returns the count, or -1 when this presenter does not write this
     * option's text itself (the caller then asks {@link #data}).
     */
    default int write(int code, byte[] bytes, byte[] dst, int offset) {
      return -1;
    }
  }

  /** Room {@link #writeData} needs: a 40-byte cookie's text, 96 characters, is the longest it writes. */
  public static final int MAX_WRITTEN_DATA_BYTES = 128;

  private static final byte[] HEX_BYTES = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);

  private final int code;
  private final String name;
  /** The option's bytes for a lazy option, null for an eager one. */
  private final byte[] bytes;

  private final Presenter presenter;
  /** Made on first call for a lazy option; a benign race as in {@link ResourceRecord}. */
  private String data;

  private String hex;

  /**
   * An option with its texts given, as the record had.
   *
   * @param code option code (8 client subnet, 10 cookie, 3 NSID, 12 padding, 11 tcp keepalive, ...)
   * @param name mnemonic such as {@code ECS}, {@code COOKIE}, or {@code OPTnnn} for unknown codes
   * @param data presentation text: {@code 192.0.2.0/24/0} for ECS, {@code client=..., server=...} for
   *     cookies, the hex and printable text for NSID, the length for padding, the timeout for keepalive
   * @param hex the option's raw bytes in hex
   */
  public EdnsOption(int code, String name, String data, String hex) {
    this.code = code;
    this.name = name;
    this.data = data;
    this.hex = hex;
    this.bytes = null;
    this.presenter = null;
  }

  /**
   * An option whose texts are made from {@code bytes} on first call: {@link #hex()} upper-case hex,
   * {@link #data()} by {@code presenter}. {@code bytes} is kept, not copied: the caller gives it up.
   */
  public EdnsOption(int code, String name, byte[] bytes, Presenter presenter) {
    this.code = code;
    this.name = name;
    this.bytes = Objects.requireNonNull(bytes);
    this.presenter = Objects.requireNonNull(presenter);
  }

  public int code() {
    return code;
  }

  public String name() {
    return name;
  }

  /** Presentation text (see the eager constructor). */
  public String data() {
    String d = data;
    if (d == null && bytes != null) {
      d = presenter.data(code, bytes);
      data = d;
    }
    return d;
  }

  /**
   * Writes {@link #data()} as ASCII bytes at {@code offset} of {@code dst} (room for {@link
   * #MAX_WRITTEN_DATA_BYTES} needed) and returns the count, without making the String; -1 when the
   * text is not written this way (an eager option, one whose text was already made, or a kind its
   * presenter does not write: ask {@link #data()}). The NDJSON writer puts the COOKIE and ECS text of
   * about half the lines of a resolver's capture; making each as a String (hex, substrings and a
   * concatenation) and copying it out was ~5 % of that thread (docs/PERFORMANCE.md, session 20).
   */
  public int writeData(byte[] dst, int offset) {
    if (bytes == null || data != null) {
      return -1;
    }
    return presenter.write(code, bytes, dst, offset);
  }

  /** The option's raw bytes in upper-case hex. */
  public String hex() {
    String h = hex;
    if (h == null && bytes != null) {
      h = hex(bytes);
      hex = h;
    }
    return h;
  }

  /** Upper-case hex of {@code b}, as dnsjava's base16: into bytes, then one String. */
  public static String hex(byte[] b) {
    byte[] out = new byte[2 * b.length];
    for (int i = 0; i < b.length; i++) {
      int v = b[i];
      out[2 * i] = HEX_BYTES[(v >> 4) & 0xf];
      out[2 * i + 1] = HEX_BYTES[v & 0xf];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EdnsOption e
        && code == e.code
        && Objects.equals(name, e.name)
        && Objects.equals(data(), e.data())
        && Objects.equals(hex(), e.hex());
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(code);
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(data());
    return 31 * h + Objects.hashCode(hex());
  }

  /** The same text a {@code record} would give. */
  @Override
  public String toString() {
    return "EdnsOption[code=" + code + ", name=" + name + ", data=" + data() + ", hex=" + hex() + "]";
  }
}

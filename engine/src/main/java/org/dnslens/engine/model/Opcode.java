package org.dnslens.engine.model;

/** Header opcodes; unknown ones print as {@code OPCODEn}. */
public final class Opcode {
  public static final int QUERY = 0;
  public static final int IQUERY = 1;
  public static final int STATUS = 2;
  public static final int NOTIFY = 4;
  public static final int UPDATE = 5;
  public static final int DSO = 6;

  private Opcode() {}

  public static String name(int code) {
    switch (code) {
      case QUERY:
        return "QUERY";
      case IQUERY:
        return "IQUERY";
      case STATUS:
        return "STATUS";
      case NOTIFY:
        return "NOTIFY";
      case UPDATE:
        return "UPDATE";
      case DSO:
        return "DSO";
      default:
        return "OPCODE" + code;
    }
  }
}

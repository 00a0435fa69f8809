package org.dnslens.engine.issue;

import org.dnslens.engine.model.IssueReason;

/**
 * Thrown by inner decoders at the first fault; caught and counted in exactly one place per pipeline. It
 * carries a reason and an offset, never the packet bytes, and has no stack trace: it is control flow for
 * hostile input, thrown millions of times by a flood of malformed packets.
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final IssueReason reason;
  private final int offset;

  public DecodeException(IssueReason reason, int offset) {
    super(null, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  public IssueReason reason() {
    return reason;
  }

  /** Byte offset of the fault within the layer's data, or -1. */
  public int offset() {
    return offset;
  }

  @Override
  public String getMessage() {
    return reason.label() + (offset >= 0 ? " at offset " + offset : "");
  }
}

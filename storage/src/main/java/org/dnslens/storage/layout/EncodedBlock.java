package org.dnslens.storage.layout;

import java.util.Objects;

/**
 * A finished block: what the run writer hands to the case writer. It may still be a {@link TxBlock.Draft}
 * (the run writer's blocks): {@link #encode} turns it into bytes on the thread that writes it, so that the
 * ingest's column encoding and wire packing run on the case writer's thread, beside the sink's. The sink's
 * thread must not touch a block after handing it over (a queue between them orders the hand-over).
 */
public final class EncodedBlock {
  private final int id;
  private final long firstTxId;
  private final int count;
  /** The rows until {@link #encode}; null after. */
  private TxBlock.Draft draft;
  private long minTs;
  private long maxTs;
  private byte[] summary;
  private byte[] wire;

  /** A block already encoded. */
  public EncodedBlock(int id, long firstTxId, int count, long minTs, long maxTs, byte[] summary, byte[] wire) {
    this.id = id;
    this.firstTxId = firstTxId;
    this.count = count;
    this.minTs = minTs;
    this.maxTs = maxTs;
    this.summary = Objects.requireNonNull(summary);
    this.wire = Objects.requireNonNull(wire);
  }

  private EncodedBlock(int id, long firstTxId, TxBlock.Draft draft) {
    this.id = id;
    this.firstTxId = firstTxId;
    this.count = draft.count();
    this.draft = draft;
  }

  /** A block whose rows are encoded later, by {@link #encode} (the draft must not change any more). */
  static EncodedBlock of(int id, long firstTxId, TxBlock.Draft draft) {
    return new EncodedBlock(id, firstTxId, draft);
  }

  /**
   * Encodes the rows with {@code encoder} (the writing thread's, reused: a fresh one per block would
   * allocate ~320 KB of buffers each time) unless that is done already.
   */
  public void encode(TxBlock.Encoder encoder) {
    if (draft == null) {
      return;
    }
    encoder.encode(draft);
    minTs = encoder.minTs();
    maxTs = encoder.maxTs();
    summary = encoder.summary();
    wire = encoder.wire();
    draft = null;
  }

  /** The rows still to encode, or null (the case writer encodes them itself, see {@link CaseWriter#blocks}). */
  TxBlock.Draft draft() {
    return draft;
  }

  /** Encodes with an encoder of its own when no writer did (tests that read blocks straight from a run). */
  private void encoded() {
    if (draft != null) {
      encode(new TxBlock.Encoder());
    }
  }

  public int id() {
    return id;
  }

  public long firstTxId() {
    return firstTxId;
  }

  public int count() {
    return count;
  }

  public long minTs() {
    encoded();
    return minTs;
  }

  public long maxTs() {
    encoded();
    return maxTs;
  }

  /** The raw (uncompressed) summary. */
  public byte[] summary() {
    encoded();
    return summary;
  }

  /** The raw (uncompressed) stored wire bytes. */
  public byte[] wire() {
    encoded();
    return wire;
  }
}

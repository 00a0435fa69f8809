package org.dnslens.storage.search;

import org.dnslens.storage.layout.TxBlock;

/**
 * One stored block of transactions as {@link TransactionSearch#forEachBlock} hands it out: the decoded
 * summary (columns and block dictionaries, see {@link TxBlock}) and the inflated wire bytes, for a whole
 * case scan that screens rows itself before building any {@link StoredTransaction} (the IOC match). The
 * query of row {@code i} is {@code wire[wireStart[i], wireStart[i] + queryLen[i])}, the reply follows it;
 * a length of -1 means absent.
 */
public final class CaseBlock {
  private final CaseDirectory dir;
  private final TxBlock summary;
  private final byte[] wire;

  CaseBlock(CaseDirectory dir, TxBlock summary, byte[] wire) {
    this.dir = dir;
    this.summary = summary;
    this.wire = wire;
  }

  public TxBlock summary() {
    return summary;
  }

  /** The block's wire bytes (shared, not a copy: read only). */
  public byte[] wire() {
    return wire;
  }

  /** Row {@code row} of the block as a search returns it. */
  public StoredTransaction transaction(int row) {
    return TransactionSearch.row(dir, summary, row, wire);
  }
}

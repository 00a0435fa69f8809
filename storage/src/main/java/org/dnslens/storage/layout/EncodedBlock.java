package org.dnslens.storage.layout;

/** A finished block before compression: what the run writer hands to the case writer. */
public record EncodedBlock(
    int id, long firstTxId, int count, long minTs, long maxTs, byte[] summary, byte[] wire) {}

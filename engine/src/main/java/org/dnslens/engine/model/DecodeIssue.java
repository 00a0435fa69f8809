package org.dnslens.engine.model;

/**
 * One located issue: which frame, what reason, and a short detail (an offset, a length; never a hex dump
 * of the packet).
 */
public record DecodeIssue(FrameRef frame, long timestampNanos, IssueReason reason, String detail) {}

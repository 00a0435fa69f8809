package org.dnslens.engine.ioc;

/**
 * An entry of a list that was skipped, or a fault that stopped reading part of a list.
 *
 * @param file the list's name, as given to the reader
 * @param line 1-based line (for JSON: where the offending object starts), 0 when it concerns the whole file
 * @param reason a short sentence
 * @param excerpt the start of the offending text with control and bidi characters escaped, or empty
 */
public record IocProblem(String file, long line, String reason, String excerpt) {}

package org.dnslens.engine.ioc;

import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.MatchLocation;

/**
 * One indicator matching one value at one place of a transaction.
 *
 * @param matchedValue the name (lower-case presentation format, no final dot) or the address (canonical
 *     text) that matched; for a subdomain hit the full name, not the indicator's value
 */
public record IocHit(Ioc ioc, MatchLocation where, String matchedValue) {}

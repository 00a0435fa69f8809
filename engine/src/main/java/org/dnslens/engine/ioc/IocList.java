package org.dnslens.engine.ioc;

import java.util.List;
import org.dnslens.engine.model.Ioc;

/**
 * What a list held.
 *
 * @param name the list's name (as given to the reader)
 * @param format the format it was read as (detected or forced)
 * @param iocs the valid entries, in list order (duplicates kept: each keeps its own line)
 * @param problems skipped entries and faults, at most {@link IocListReader#MAX_PROBLEMS_LISTED}
 * @param problemCount every problem, including those beyond the listed ones
 * @param ignoredCount entries deliberately not turned into indicators: other indicator types (hashes,
 *     e-mail addresses...), MISP attributes with {@code to_ids} false, revoked STIX indicators
 * @param complete false when a limit stopped the reading before the end of the file
 */
public record IocList(
    String name,
    IocFormat format,
    List<Ioc> iocs,
    List<IocProblem> problems,
    long problemCount,
    long ignoredCount,
    boolean complete) {

  public IocList {
    iocs = List.copyOf(iocs);
    problems = List.copyOf(problems);
  }
}

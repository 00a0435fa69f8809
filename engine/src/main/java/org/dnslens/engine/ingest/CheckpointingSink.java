package org.dnslens.engine.ingest;

import java.io.IOException;

/**
 * A sink that can make what it has received so far durable in the middle of a run. A live capture never
 * ends on its own; without checkpoints a crash (kill -9, power loss) would lose everything since it
 * started, because an uncompleted run is rolled back whole. {@link LivePipeline} calls {@link
 * #checkpoint} every commit interval; the case database implements it as one completed run per
 * interval, so a crash loses at most the last interval and the case stays consistent.
 */
public interface CheckpointingSink extends IngestSink {
  /**
   * Makes everything received since the last checkpoint durable.
   *
   * @param soFar the run's figures from its start (cumulative, like {@link #complete}'s); the sink
   *     subtracts what earlier checkpoints covered
   */
  void checkpoint(IngestStats soFar) throws IOException;
}

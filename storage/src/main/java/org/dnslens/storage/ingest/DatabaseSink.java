package org.dnslens.storage.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceDigests;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.casefile.CaseWriteException;
import org.dnslens.storage.casefile.StoredCodes;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.CaseWriter;
import org.dnslens.storage.layout.DataRef;
import org.dnslens.storage.layout.EncodedBlock;
import org.dnslens.storage.layout.RunOutput;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentPage;
import org.dnslens.storage.layout.TxInput;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Writes an ingest run into a case.
 *
 * <p><b>Use</b> (what {@code IngestPipeline}/{@code IngestCommand} call):
 *
 * <pre>{@code
 * try (CaseDatabase db = CaseDatabase.open(path)) {
 *   // skip files already in the case: db.alreadyIngested(sha256)
 *   try (DatabaseSink sink = DatabaseSink.open(db)) {   // takes the ingest lock, cleans dead runs
 *     sink.begin(sources); ... sink.transaction(tx); sink.issue(i); ...
 *     sink.complete(stats);                            // durable: the run is complete and visible
 *   }                                                  // close() without complete() = rollback
 * }
 * }</pre>
 *
 * <p><b>Threads and memory.</b> {@link #prepare} (the pipeline's reader thread in a threaded run) turns a
 * transaction into its {@link TxInput}. The caller's thread encodes transactions into blocks and aggregates the
 * run's index postings and passive DNS in memory ({@link RunWriter}); full blocks go in chunks of about
 * {@value #CHUNK_TRANSACTIONS} transactions to a writer thread (compression, inserts, one commit per
 * chunk) through a queue of {@value #MAX_QUEUED_CHUNKS}: parsing continues while the previous chunk is
 * written. The index segments are written at {@link #complete}. See docs/STORAGE.md.
 *
 * <p><b>Exactly once.</b> Rows of a run carry its id; the run is marked 'complete' in the same database
 * transaction that records its statistics (its blocks and segments, written before, only count once it
 * is). A run that never completes (killed process, crash, {@link #close} without {@link #complete}) is
 * removed whole by the next {@link #open} (or by {@link #close}).
 * A source whose SHA-256 is already in a completed run is skipped (its transactions are ignored).
 */
public final class DatabaseSink implements IngestSink {
  /** Transactions per chunk (one database transaction each), a whole number of blocks. */
  public static final int CHUNK_TRANSACTIONS = 8 * org.dnslens.storage.layout.TxBlock.MAX_TRANSACTIONS;
  /**
   * Segment pages per chunk (about 1 MB compressed). H2 writes pages of an uncommitted transaction once
   * and rewrites them when it commits: the run's segments in one commit left as many dead bytes in the
   * file as they have live ones (130 MB of a 390 MB case at 1 M transactions); in small commits they are
   * written about once.
   */
  public static final int PAGES_PER_CHUNK = 64;
  /** Chunks waiting for the writer before the caller has to wait. */
  public static final int MAX_QUEUED_CHUNKS = 4;
  /** Answer addresses indexed per transaction (the rest stay in the wire bytes). */
  public static final int MAX_RECORDS_PER_TRANSACTION = 64;
  /** Passive-DNS aggregates held in memory before they are written (as a part of the run) and cleared. */
  public static final int MAX_PASSIVE_ENTRIES_IN_MEMORY = 4_000_000;
  /** Located issues stored per reason and run; all are counted. */
  public static final int MAX_ISSUE_SAMPLES_PER_REASON = 100;
  private static final Object END = new Object();

  private final CaseDatabase db;
  private final IngestLock lock;
  private final Handle writer;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(MAX_QUEUED_CHUNKS);
  private final Map<Integer, Integer> caseSourceIds = new HashMap<>();
  private final Set<Integer> skippedSources = new HashSet<>();
  private final Map<Integer, long[]> txPerSource = new HashMap<>();
  /** Case source id → the source, for sources whose sha256 is stored when the run completes. */
  private final Map<Integer, SourceInfo> digestAtComplete = new HashMap<>();
  private final SourceDigests digests;
  private final EnumMap<IssueReason, Integer> samples = new EnumMap<>(IssueReason.class);
  private final int removedRuns;
  private final int maxPassiveEntries;

  private int lastSourceId;
  /** {@code txPerSource} of {@link #lastSourceId}; null until the first transaction. */
  private long[] lastSourceCount;
  private Chunk chunk = new Chunk();
  private RunWriter run;
  private int runId = -1;
  private long firstTxId;
  private long records;
  private Thread writerThread;
  private volatile Throwable writerFailure;
  /** This thread's codec for compressing queued chunks while it would wait for the writer; made on first use. */
  private BlobCodec helperCodec;
  private boolean completed;
  /**
   * The run's last write to the file failed and the database was shut down at once ({@link #complete}): H2
   * 2.4.240 spins forever in {@code MVStore.registerVersionUsage} on the next statement after a store that
   * failed on the caller's thread, the rollback of close() and of the ingest lock included. The file keeps
   * what it held before the run's unwritten part; the next ingest removes the run as an abandoned one.
   */
  private boolean shutDownAfterFailedWrite;
  private boolean closed;

  private DatabaseSink(
      CaseDatabase db, IngestLock lock, Handle writer, int removedRuns, int maxPassiveEntries, SourceDigests digests) {
    this.db = db;
    this.digests = digests;
    this.maxPassiveEntries = maxPassiveEntries;
    this.lock = lock;
    this.writer = writer;
    this.removedRuns = removedRuns;
  }

  /**
   * Takes the case's ingest lock and removes what interrupted runs left.
   *
   * @throws CaseException when the case is read-only or another ingest is writing to it
   */
  public static DatabaseSink open(CaseDatabase db) throws CaseException {
    return open(db, SourceDigests.NONE);
  }

  /**
   * {@link #open(CaseDatabase)} for sources that come without their sha256: {@link #begin} asks {@code
   * digests} for the digest of each capture that could already be in the case (one of the same size is,
   * or another of the run has that size) and the run's other captures get theirs stored when it
   * completes, so the reading never waits for the hashing of a capture that cannot be a duplicate.
   */
  public static DatabaseSink open(CaseDatabase db, SourceDigests digests) throws CaseException {
    return open(db, MAX_PASSIVE_ENTRIES_IN_MEMORY, digests);
  }

  /** {@link #open(CaseDatabase)} with a smaller passive-DNS memory bound (tests exercise the spill path). */
  static DatabaseSink open(CaseDatabase db, int maxPassiveEntries) throws CaseException {
    return open(db, maxPassiveEntries, SourceDigests.NONE);
  }

  private static DatabaseSink open(CaseDatabase db, int maxPassiveEntries, SourceDigests digests) throws CaseException {
    if (db.isReadOnly()) {
      throw new CaseException(db.file() + " is read-only; ingest needs a writable case");
    }
    IngestLock lock = null;
    Handle writer = null;
    boolean ok = false;
    try {
      lock = IngestLock.take(db, "another ingest is writing to " + db.file() + "; wait for it to finish and retry");
      writer = db.jdbi().open();
      int removed = RunCleanup.removeIncompleteRuns(writer);
      DatabaseSink sink = new DatabaseSink(db, lock, writer, removed, maxPassiveEntries, digests);
      ok = true;
      return sink;
    } catch (JdbiException e) {
      throw new CaseException("cannot prepare " + db.file() + " for ingest: " + e.getMessage(), e);
    } finally {
      if (!ok) {
        if (writer != null) {
          writer.close();
        }
        if (lock != null) {
          lock.close();
        }
      }
    }
  }

  /** How many interrupted runs {@link #open} removed (0 normally). */
  public int removedIncompleteRuns() {
    return removedRuns;
  }

  /** The run's id in the case, or -1 before {@link #begin}. */
  public int runId() {
    return runId;
  }

  /** Case source ids of the sources this run skipped because they were already in the case. */
  public Set<Integer> skippedSourceIds() {
    return Set.copyOf(skippedSources);
  }

  /** Hands blocks and pages from the run writer to the current chunk. */
  private final class ToChunks implements RunOutput {
    @Override
    public void block(EncodedBlock block) throws IOException {
      chunk.blocks.add(block);
      if (chunk.transactions() >= CHUNK_TRANSACTIONS) {
        flush();
      }
    }

    @Override
    public void pages(List<SegmentPage> pages) throws IOException {
      for (int from = 0; from < pages.size(); from += PAGES_PER_CHUNK) {
        chunk.pages.addAll(pages.subList(from, Math.min(pages.size(), from + PAGES_PER_CHUNK)));
        flush();
      }
    }

    @Override
    public void counts(List<RunCount> counts) {
      chunk.counts.addAll(counts);
    }

    @Override
    public boolean helpWhileWaiting() {
      return helpWriter();
    }
  }

  /**
   * Compresses one chunk in the writer's queue that the writer has not taken yet, the newest first (the
   * writer takes the oldest); false when there is none. For this thread's waits (the writer behind, the run
   * writer's helper thread, the run's end): otherwise one core idles while the writer compresses alone.
   */
  private boolean helpWriter() {
    Object[] queued = queue.toArray();
    for (int i = queued.length - 1; i >= 0; i--) {
      if (queued[i] instanceof Chunk k && k.compressBeforeWriter(helperCodec())) {
        return true;
      }
    }
    return false;
  }

  private BlobCodec helperCodec() {
    if (helperCodec == null) {
      helperCodec = new BlobCodec();
    }
    return helperCodec;
  }

  @Override
  public void begin(List<SourceInfo> sources) throws IOException {
    if (runId >= 0) {
      throw new IllegalStateException("begin() called twice");
    }
    try {
      writer.useTransaction(
          h -> {
            runId = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM ingest_run").mapTo(Integer.class).one();
            firstTxId =
                h.createQuery("SELECT COALESCE(MAX(first_tx_id + tx_count), 1) FROM tx_block")
                    .mapTo(Long.class)
                    .one();
            int nextSource =
                h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM source").mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO ingest_run (id, status, first_tx_id) VALUES (:id, 'running', :first)")
                .bind("id", runId)
                .bind("first", firstTxId)
                .execute();
            Set<String> shas = new HashSet<>();
            Set<Long> sizesToHash = sizesThatCouldRepeat(h, sources);
            for (SourceInfo s : sources) {
              String sha = s.sha256();
              boolean later = false;
              if (sha == null && s.path() != null && digests != SourceDigests.NONE) {
                if (sizesToHash.contains(s.sizeBytes())) {
                  sha = digest(s);
                } else {
                  later = true; // no capture of its size in the case or the run: it cannot be a duplicate
                }
              }
              if (sha != null && (!shas.add(sha) || db.alreadyIngested(sha))) {
                skippedSources.add(s.id());
                continue;
              }
              int id = nextSource++;
              if (later) {
                digestAtComplete.put(id, s);
              }
              caseSourceIds.put(s.id(), id);
              txPerSource.put(id, new long[1]);
              h.createUpdate(
                      "INSERT INTO source (id, run_id, label, path, sha256, size_bytes)"
                          + " VALUES (:id, :run, :label, :path, :sha, :size)")
                  .bind("id", id)
                  .bind("run", runId)
                  .bind("label", s.label())
                  .bind("path", s.path() != null ? s.path().toString() : null)
                  .bind("sha", sha)
                  .bind("size", s.sizeBytes())
                  .execute();
            }
          });
      int firstBlock = CaseWriter.nextBlockId(writer.getConnection());
      run = new RunWriter(new ToChunks(), firstBlock, firstTxId, maxPassiveEntries);
      ChunkWriter chunkWriter = new ChunkWriter(writer.getConnection(), runId);
      writerThread = new Thread(() -> writeLoop(chunkWriter), "dnslens-case-writer-" + runId);
      writerThread.setDaemon(true);
      writerThread.start();
    } catch (UncheckedIOException e) {
      throw e.getCause(); // a capture that could not be hashed (digest): not a write failure
    } catch (JdbiException | SQLException e) {
      throw writeFailed("cannot start the ingest run in " + db.file() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The sizes of the run's files that need their sha256 before reading: those of a capture already in the
   * case (of a complete run: {@link #open} removed the others), and those two of the run's files share.
   */
  private static Set<Long> sizesThatCouldRepeat(Handle h, List<SourceInfo> sources) {
    Set<Long> seen = new HashSet<>();
    Set<Long> repeated = new HashSet<>();
    for (SourceInfo s : sources) {
      if (!seen.add(s.sizeBytes())) {
        repeated.add(s.sizeBytes());
      }
    }
    if (sources.size() > repeated.size()) {
      repeated.addAll(h.createQuery("SELECT DISTINCT size_bytes FROM source WHERE size_bytes IS NOT NULL").mapTo(Long.class).list());
    }
    return repeated;
  }

  /** The sha256 of a source's file, from {@link #digests}, waiting for it if need be. */
  private String digest(SourceInfo s) {
    try {
      String sha = digests.sha256(s.id());
      if (sha == null) {
        throw new IOException("no digest was made of " + s.label());
      }
      return sha;
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("cannot read " + s.label() + " to hash it: " + e.getMessage(), e));
    }
  }

  private void writeLoop(ChunkWriter w) {
    try (w) {
      while (true) {
        Object item = queue.take();
        if (item == END) {
          return;
        }
        w.write((Chunk) item);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writerFailure = e;
    } catch (SQLException | RuntimeException e) {
      writerFailure = e;
    }
  }

  /**
   * What {@link #prepare} makes of a transaction on the pipeline's reader thread: its stored form and its
   * record count. Building them needs only the case source ids, which {@link #begin} fixed.
   */
  private record Prepared(TxInput input, int sourceId, int records, long textRefs, DnsName qname) {}

  /** Answer records of a reply whose {@link DataRef#givesBack} {@link #prepare} checks (a bit each). */
  private static final int CHECKED_TEXT_REFS = Long.SIZE;

  /**
   * The transaction's stored form, and the texts and hashes its passive-DNS records and names will be
   * asked for (cached in the engine's objects), made off the sink's thread: see {@link
   * IngestSink#prepare}. Null when the source is not one this run stores ({@link #transaction} decides).
   */
  @Override
  public Object prepare(Transaction tx) {
    Integer id = caseSourceIds.get(tx.first().meta().frame().sourceId()); // read-only after begin()
    if (id == null) {
      return null;
    }
    DnsMessage q = tx.query();
    DnsMessage r = tx.reply();
    int recs = q != null ? q.allRecords().size() : 0;
    if (r != null) {
      recs += r.allRecords().size();
      warmPassive(r);
    }
    List<DnsMessage> others = tx.otherReplies();
    for (int i = 0; i < others.size(); i++) { // indexed, here and below: no iterator per transaction
      warmPassive(others.get(i));
    }
    // The question's name, hash made: the run writer looks the name up by it. Handed over here so that the
    // sink's thread does not walk the transaction, its query and the question list to it (first reads of
    // the reader's objects there were ~3 % of that thread's samples).
    Question question = tx.question();
    DnsName qname = question != null ? question.name() : null;
    if (qname != null) {
      qname.hashCode();
    }
    return new Prepared(input(tx, id), id, recs, r != null ? textRefs(r) : 0, qname);
  }

  /**
   * Bit i set: answer record i (below {@link #CHECKED_TEXT_REFS}) of the transaction's own reply is a TXT
   * record whose text {@link #passive} may store as a reference to it ({@link DataRef#givesBack}, checked
   * here, off the run writer's thread).
   */
  private static long textRefs(DnsMessage reply) {
    long bits = 0;
    List<ResourceRecord> answers = reply.answers();
    for (int i = 0; i < Math.min(answers.size(), CHECKED_TEXT_REFS); i++) {
      ResourceRecord rr = answers.get(i);
      if (rr.rdata() instanceof RData.Txt && DataRef.givesBack(reply.wire(), i, rr.type(), rr.data())) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  /** Makes now what {@link #passive} will ask a reply's answers for: owner hashes, non-address texts. */
  private static void warmPassive(DnsMessage reply) {
    List<ResourceRecord> answers = reply.answers();
    for (int i = 0; i < answers.size(); i++) {
      ResourceRecord rr = answers.get(i);
      rr.name().hashCode();
      if (!(rr.rdata() instanceof RData.Address)) {
        rr.data();
      }
    }
  }

  @Override
  public void transaction(Transaction tx) throws IOException {
    transaction(tx, null);
  }

  @Override
  public void transaction(Transaction tx, Object prepared) throws IOException {
    checkRunning();
    Prepared p = prepared instanceof Prepared pp ? pp : null;
    if (p == null) {
      int runSource = tx.first().meta().frame().sourceId();
      if (caseSourceIds.get(runSource) == null) {
        if (skippedSources.contains(runSource)) {
          return;
        }
        throw new IOException("transaction from source id " + runSource + ", which begin() did not announce");
      }
      p = (Prepared) prepare(tx);
    }
    if (p.sourceId() != lastSourceId || lastSourceCount == null) {
      // Transactions come in long stretches of one source: the map is asked only when it changes.
      lastSourceId = p.sourceId();
      lastSourceCount = txPerSource.get(p.sourceId());
    }
    run.add(p.input(), p.qname());
    records += p.records();
    DnsMessage r = tx.reply();
    if (r != null) {
      passive(r, true, p.textRefs());
    }
    List<DnsMessage> others = tx.otherReplies();
    for (int i = 0; i < others.size(); i++) {
      passive(others.get(i), false, 0);
    }
    lastSourceCount[0]++;
  }

  /** The transaction as the run writer takes it (source {@code sourceId} of the case). */
  private static TxInput input(Transaction tx, int sourceId) {
    DnsMessage first = tx.first();
    DnsMessage q = tx.query();
    DnsMessage r = tx.reply();
    Question question = tx.question();
    // Immutable: the run writer keeps the record as it is while it holds it. Most replies have one or two
    // addresses, which List.of holds without the list and array a copy of a builder cost.
    List<IpAddress> answerIps = List.of();
    if (r != null) {
      List<ResourceRecord> answers = r.answers();
      IpAddress firstIp = null;
      IpAddress secondIp = null;
      List<IpAddress> found = null;
      for (int i = 0; i < answers.size(); i++) {
        if (answers.get(i).rdata() instanceof RData.Address a) {
          if (firstIp == null) {
            firstIp = a.address();
          } else if (secondIp == null) {
            secondIp = a.address();
          } else {
            if (found == null) {
              found = new ArrayList<>(8);
              found.add(firstIp);
              found.add(secondIp);
            }
            if (found.size() < MAX_RECORDS_PER_TRANSACTION) {
              found.add(a.address());
            }
          }
        }
      }
      answerIps = found != null ? List.copyOf(found)
          : secondIp != null ? List.of(firstIp, secondIp)
          : firstIp != null ? List.of(firstIp)
          : List.of();
    }
    List<TxInput.OtherReply> others = List.of();
    if (!tx.otherReplies().isEmpty()) {
      others = new ArrayList<>();
      for (DnsMessage o : tx.otherReplies()) {
        others.add(
            new TxInput.OtherReply(
                o.meta().timestampNanos(), o.meta().frame().frameNumber(), o.meta().sourceIp(), o.wire()));
      }
    }
    return new TxInput(
        sourceId,
        q != null ? q.meta().frame().frameNumber() : null,
        r != null ? r.meta().frame().frameNumber() : null,
        tx.queryTimestampNanos(),
        r != null ? r.meta().timestampNanos() : null,
        tx.clientIp(),
        tx.clientPort(),
        tx.serverIp(),
        tx.serverPort(),
        StoredCodes.code(tx.transport()),
        StoredCodes.code(first.meta().portClass()),
        tx.transactionId(),
        null, // the name goes as its DnsName beside it: the run writer makes its text once per distinct name
        question != null ? question.type() : null,
        question != null ? question.dnsClass() : null,
        tx.rcode(),
        StoredCodes.code(tx.status()),
        StoredCodes.code(tx.role()),
        q != null ? q.header().flags() : null,
        r != null ? r.header().flags() : null,
        tx.retransmissions(),
        tx.identicalReplies(),
        tx.reason() != null ? tx.reason().label() : null,
        q != null && q.issue() != null ? q.issue().label() : null,
        r != null && r.issue() != null ? r.issue().label() : null,
        q != null ? q.wire() : null,
        r != null ? r.wire() : null,
        answerIps,
        others);
  }

  /**
   * Answer-section records of a reply into the run's passive-DNS aggregates; {@code stored}: the reply is the
   * transaction's own (its bytes are in the block row), whose TXT data passive DNS may refer to by record
   * ({@code textRefs}: which of its first records may be, {@link #textRefs}).
   */
  private void passive(DnsMessage reply, boolean stored, long textRefs) throws IOException {
    long ts = reply.meta().timestampNanos();
    List<ResourceRecord> answers = reply.answers();
    for (int i = 0; i < answers.size(); i++) {
      ResourceRecord rr = answers.get(i);
      IpAddress address = rr.rdata() instanceof RData.Address a ? a.address() : null;
      // An address record's text, not made yet, would be the address's own text: the run writer knows it.
      String data = address != null && rr.dataIsDerived() ? null : rr.data() != null ? rr.data() : "";
      int record = stored && rr.rdata() instanceof RData.Txt ? i : -1;
      if (record >= 0 && record < CHECKED_TEXT_REFS) {
        run.answer(rr.name(), rr.type(), data, address, ts, record, (textRefs & (1L << record)) != 0);
      } else {
        run.answer(rr.name(), rr.type(), data, address, ts, record);
      }
    }
  }

  @Override
  public void issue(DecodeIssue issue) throws IOException {
    checkRunning();
    int n = samples.getOrDefault(issue.reason(), 0);
    if (n >= MAX_ISSUE_SAMPLES_PER_REASON) {
      return;
    }
    samples.put(issue.reason(), n + 1);
    int source = -1;
    long frame = -1;
    if (issue.frame() != null) {
      Integer s = caseSourceIds.get(issue.frame().sourceId());
      source = s != null ? s : -1;
      frame = issue.frame().frameNumber();
    }
    chunk.issues.add(
        new Chunk.IssueRow(source, frame, issue.timestampNanos(), issue.reason().label(), issue.detail()));
  }

  /**
   * A failed write as a {@link CaseWriteException} when the machine caused it (full disk, read-only file,
   * other I/O), else a plain IOException (a bug of ours keeps its own cause).
   */
  private IOException writeFailed(String message, Throwable cause) {
    CaseWriteException typed = cause == null ? null : CaseWriteException.classify(message, cause, db.file());
    return typed != null ? typed : new IOException(message, cause);
  }

  private void checkRunning() throws IOException {
    if (runId < 0 || closed || completed) {
      throw new IllegalStateException("the sink is not running (begin() first; not after complete/close)");
    }
    if (writerFailure != null) {
      throw writeFailed("writing to " + db.file() + " failed: " + writerFailure.getMessage(), writerFailure);
    }
  }

  /** Hands the current chunk to the writer, waiting while the queue is full (and the writer alive). */
  private void flush() throws IOException {
    if (chunk.isEmpty()) {
      return;
    }
    enqueue(chunk);
    chunk = new Chunk();
  }

  private void enqueue(Object item) throws IOException {
    try {
      if (item instanceof Chunk k && queue.remainingCapacity() == 0) {
        k.compressBeforeWriter(helperCodec()); // the writer is behind: this thread would only wait
      }
      while (!queue.offer(item)) {
        if (helpWriter()) {
          continue;
        }
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
        if (writerFailure != null || !writerThread.isAlive()) {
          throw writeFailed(
              "writing to " + db.file() + " failed: "
                  + (writerFailure != null ? writerFailure.getMessage() : "writer stopped"),
              writerFailure);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing to " + db.file());
    }
  }

  private void stopWriter() throws IOException {
    enqueue(END);
    try {
      writerThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while finishing " + db.file());
    }
  }

  @Override
  public void complete(IngestStats stats) throws IOException {
    checkRunning();
    run.finish();
    flush();
    while (helpWriter()) {
      // the queued chunks are compressed by both threads; then the writer inserts what is left
    }
    stopWriter();
    if (writerFailure != null) {
      throw writeFailed("writing to " + db.file() + " failed: " + writerFailure.getMessage(), writerFailure);
    }
    Map<Integer, String> lateDigests = new HashMap<>();
    for (var e : digestAtComplete.entrySet()) {
      try {
        lateDigests.put(e.getKey(), digest(e.getValue()));
      } catch (UncheckedIOException u) {
        throw u.getCause(); // the run stays incomplete: close() rolls it back, as for any failed run
      }
    }
    try {
      writer.useTransaction(h -> finish(h, stats, lateDigests));
    } catch (JdbiException e) {
      throw writeFailed("cannot complete the run in " + db.file() + ": " + e.getMessage(), e);
    }
    // H2 writes a commit to the file later, on its background writer (its write delay): until then the run is
    // complete only in memory. CHECKPOINT writes it now, on this thread, so that a run reported complete is in
    // the file (a kill -9 after the summary keeps it) and a full disk or a file-size limit met by that write
    // fails the run here, as cannot-write. Before, that write failed after the summary and the ingest exited 0
    // with the run lost (DiskFullIngestTest once in CI; ulimit -f between the run's background stores and its
    // end, every time). It is the write close() would do anyway.
    try {
      writer.execute("CHECKPOINT");
    } catch (JdbiException e) {
      shutDownImmediately();
      throw writeFailed("cannot complete the run in " + db.file() + ": " + e.getMessage(), e);
    }
    completed = true;
  }

  /** After a failed write of the store: see {@link #shutDownAfterFailedWrite}. */
  private void shutDownImmediately() {
    shutDownAfterFailedWrite = true;
    try {
      writer.execute("SHUTDOWN IMMEDIATELY");
    } catch (JdbiException alreadyClosed) {
      // the database closed itself (the statement's connection is gone with it): what was asked for
    }
  }

  private void finish(Handle h, IngestStats stats, Map<Integer, String> lateDigests) {
    for (var e : lateDigests.entrySet()) {
      h.createUpdate("UPDATE source SET sha256 = :sha WHERE id = :id").bind("sha", e.getValue()).bind("id", e.getKey()).execute();
    }
    for (var e : stats.issues().entrySet()) {
      h.createUpdate("INSERT INTO issue_count (run_id, reason, cnt) VALUES (:run, :reason, :cnt)")
          .bind("run", runId)
          .bind("reason", e.getKey().label())
          .bind("cnt", e.getValue())
          .execute();
    }
    for (SourceStats s : stats.sources()) {
      Integer id = caseSourceIds.get(s.sourceId());
      if (id == null) {
        continue;
      }
      h.createUpdate(
              "UPDATE source SET format = :format, link_types = :links, first_ts = :first, last_ts = :last,"
                  + " frames = :frames, dns_messages = :msgs, transactions = :txs WHERE id = :id")
          .bind("format", s.format())
          .bind(
              "links",
              s.linkTypes().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
          .bind("first", s.firstTimestampNanos())
          .bind("last", s.lastTimestampNanos())
          .bind("frames", s.frames())
          .bind("msgs", s.dnsMessages())
          .bind("txs", txPerSource.get(id)[0])
          .bind("id", id)
          .execute();
    }
    // Sources the pipeline did not report stats for still get their transaction count.
    for (var e : txPerSource.entrySet()) {
      h.createUpdate("UPDATE source SET transactions = :txs WHERE id = :id AND transactions IS NULL")
          .bind("txs", e.getValue()[0])
          .bind("id", e.getKey())
          .execute();
    }
    h.createUpdate(
            "UPDATE ingest_run SET status = 'complete', finished = CURRENT_TIMESTAMP, bytes_read = :bytes,"
                + " frames = :frames, dns_messages = :msgs, transactions = :txs, records = :records"
                + " WHERE id = :run")
        .bind("bytes", stats.bytesRead())
        .bind("frames", stats.frames())
        .bind("msgs", stats.dnsMessages())
        .bind("txs", run.transactions())
        .bind("records", records)
        .bind("run", runId)
        .execute();
  }

  /**
   * Ends the run. Without a prior {@link #complete}, everything this run wrote is removed (as if it never
   * started); then the ingest lock is released.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    List<Throwable> errors = new ArrayList<>();
    try {
      if (runId >= 0 && !completed && !shutDownAfterFailedWrite) {
        queue.clear();
        if (writerThread != null && writerThread.isAlive()) {
          try {
            stopWriter();
          } catch (IOException e) {
            errors.add(e);
          }
        }
        try {
          writer.useTransaction(h -> RunCleanup.removeRun(h, runId));
        } catch (JdbiException e) {
          // The next open() removes the run instead.
          errors.add(e);
        }
      }
    } finally {
      if (helperCodec != null) {
        helperCodec.close();
      }
      writer.close();
      lock.close();
    }
    if (!errors.isEmpty()) {
      throw new IOException("could not roll back the unfinished run in " + db.file(), errors.get(0));
    }
  }
}

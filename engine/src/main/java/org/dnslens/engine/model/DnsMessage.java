package org.dnslens.engine.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded DNS message: where it was seen, what it says, and its exact bytes.
 *
 * @param edns the OPT record, or null when the message has none
 * @param status {@link ParseStatus#PARTIAL} when decoding stopped at a fault; what came before is kept
 * @param issue why decoding stopped or what was odd, or null
 * @param wire the message bytes as captured (owned by this record; never modified)
 */
public record DnsMessage(
    PacketMeta meta,
    DnsHeader header,
    List<Question> questions,
    List<ResourceRecord> answers,
    List<ResourceRecord> authorities,
    List<ResourceRecord> additionals,
    Edns edns,
    ParseStatus status,
    IssueReason issue,
    byte[] wire) {

  public DnsMessage {
    questions = ImmutableLists.copyOf(questions);
    answers = ImmutableLists.copyOf(answers);
    authorities = ImmutableLists.copyOf(authorities);
    additionals = ImmutableLists.copyOf(additionals);
  }

  public boolean isResponse() {
    return header.qr();
  }

  /** The first question, or null when the message has none. */
  public Question firstQuestion() {
    return questions.isEmpty() ? null : questions.get(0);
  }

  /** Records of the answer, authority and additional sections, in that order. */
  public List<ResourceRecord> allRecords() {
    if (authorities.isEmpty() && additionals.isEmpty()) {
      return answers;
    }
    var all = new ArrayList<ResourceRecord>(answers.size() + authorities.size() + additionals.size());
    all.addAll(answers);
    all.addAll(authorities);
    all.addAll(additionals);
    return all;
  }
}

package io.carbonq.scheduler.planning;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The decisions of a plan in the order they were made, and each found by its workload's id.
 * Immutable. Those of a whole planning pass are kept as given, with an index built once; {@link
 * #plus} keeps the ones added after it in {@link HashTrie}s shared with the sequence it was called
 * on, so that adding one takes O(log n) time however many there are, and leaves this one as it was.
 */
final class Decisions {
  private final List<Decision> planned;
  private final Map<String, Decision> plannedById;
  private final int addedCount;
  private final HashTrie<Integer, Decision> addedByPosition;
  private final HashTrie<String, Decision> addedById;
  private final List<Decision> all;

  private Decisions(
      List<Decision> planned,
      Map<String, Decision> plannedById,
      int addedCount,
      HashTrie<Integer, Decision> addedByPosition,
      HashTrie<String, Decision> addedById) {
    this.planned = planned;
    this.plannedById = plannedById;
    this.addedCount = addedCount;
    this.addedByPosition = addedByPosition;
    this.addedById = addedById;
    this.all = addedCount == 0 ? planned : new All();
  }

  /** The decisions of one planning pass, one per workload. */
  static Decisions of(List<Decision> planned) {
    List<Decision> copy = List.copyOf(planned);
    Map<String, Decision> byId = new HashMap<>(copy.size() * 4 / 3 + 1);
    for (Decision decision : copy) {
      if (byId.putIfAbsent(decision.workload().id(), decision) != null) {
        throw new IllegalArgumentException(
            "two decisions for workload " + decision.workload().id());
      }
    }
    return new Decisions(copy, byId, 0, HashTrie.empty(), HashTrie.empty());
  }

  /** These decisions followed by {@code decision}, for a workload that has none yet. */
  Decisions plus(Decision decision) {
    String id = decision.workload().id();
    if (byId(id).isPresent()) {
      throw new IllegalArgumentException("two decisions for workload " + id);
    }
    return new Decisions(
        planned,
        plannedById,
        addedCount + 1,
        addedByPosition.with(addedCount, decision),
        addedById.with(id, decision));
  }

  Optional<Decision> byId(String workloadId) {
    Decision decision = plannedById.get(workloadId);
    return Optional.ofNullable(decision != null ? decision : addedById.get(workloadId));
  }

  /** An unmodifiable list of all of them, in order. */
  List<Decision> asList() {
    return all;
  }

  /** The planned ones, then the added ones; a view, made in constant time. */
  private final class All extends AbstractList<Decision> implements RandomAccess {
    @Override
    public Decision get(int index) {
      if (index < 0 || index >= size()) {
        throw new IndexOutOfBoundsException("index " + index + " of " + size() + " decisions");
      }
      return index < planned.size()
          ? planned.get(index)
          : addedByPosition.get(index - planned.size());
    }

    @Override
    public int size() {
      return planned.size() + addedCount;
    }
  }
}

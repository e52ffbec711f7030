package io.carbonq.scheduler.planning;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable map from keys to values (a hash array mapped trie, without removal). {@link #with}
 * returns a new map and leaves this one as it was; the two share every node but the few on the
 * key's path, so that a put takes O(log n) time and space where a copied map would take O(n). Keys
 * must not be null and must keep their hash code and equality; values are stored as given.
 */
final class HashTrie<K, V> {
  private static final int BITS = 5;
  private static final int MASK = (1 << BITS) - 1;
  private static final HashTrie<?, ?> EMPTY = new HashTrie<>(new Branch(0, new Object[0]));

  /** One level: the slots present, in the order of their 5 bits of hash; each a node. */
  private record Branch(int bitmap, Object[] slots) {}

  private record Leaf(int hash, Object key, Object value) {}

  /** Keys whose whole hash codes are equal. */
  private record Collision(int hash, Leaf[] leaves) {}

  private final Branch root;

  private HashTrie(Branch root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static <K, V> HashTrie<K, V> empty() {
    return (HashTrie<K, V>) EMPTY;
  }

  /** The value of {@code key}, or null when it has none. */
  @SuppressWarnings("unchecked")
  V get(K key) {
    int hash = hash(key);
    Object node = root;
    for (int shift = 0; ; shift += BITS) {
      if (node instanceof Branch branch) {
        int bit = 1 << ((hash >>> shift) & MASK);
        if ((branch.bitmap & bit) == 0) {
          return null;
        }
        node = branch.slots[Integer.bitCount(branch.bitmap & (bit - 1))];
      } else if (node instanceof Leaf leaf) {
        return leaf.hash == hash && leaf.key.equals(key) ? (V) leaf.value : null;
      } else {
        for (Leaf leaf : ((Collision) node).leaves) {
          if (leaf.key.equals(key)) {
            return (V) leaf.value;
          }
        }
        return null;
      }
    }
  }

  /** This map with {@code key} mapped to {@code value}, in place of any value it had. */
  HashTrie<K, V> with(K key, V value) {
    return new HashTrie<>((Branch) put(root, 0, new Leaf(hash(key), key, value)));
  }

  private static int hash(Object key) {
    int h = Objects.requireNonNull(key, "key").hashCode();
    return h ^ (h >>> 16);
  }

  /** {@code node} with {@code leaf} put in it, {@code node} being at depth {@code shift / BITS}. */
  private static Object put(Object node, int shift, Leaf leaf) {
    if (node instanceof Branch branch) {
      int bit = 1 << ((leaf.hash >>> shift) & MASK);
      int index = Integer.bitCount(branch.bitmap & (bit - 1));
      if ((branch.bitmap & bit) == 0) {
        Object[] slots = new Object[branch.slots.length + 1];
        System.arraycopy(branch.slots, 0, slots, 0, index);
        slots[index] = leaf;
        System.arraycopy(branch.slots, index, slots, index + 1, branch.slots.length - index);
        return new Branch(branch.bitmap | bit, slots);
      }
      Object[] slots = branch.slots.clone();
      slots[index] = put(slots[index], shift + BITS, leaf);
      return new Branch(branch.bitmap, slots);
    }
    int hash = node instanceof Leaf other ? other.hash : ((Collision) node).hash;
    if (hash != leaf.hash) {
      // The two hashes differ in a bit not used yet (the ones used so far led both here), so the
      // shift stays below 32.
      return put(new Branch(1 << ((hash >>> shift) & MASK), new Object[] {node}), shift, leaf);
    }
    Leaf[] leaves = node instanceof Leaf other ? new Leaf[] {other} : ((Collision) node).leaves;
    for (int i = 0; i < leaves.length; i++) {
      if (leaves[i].key.equals(leaf.key)) {
        if (leaves.length == 1) {
          return leaf;
        }
        Leaf[] replaced = leaves.clone();
        replaced[i] = leaf;
        return new Collision(hash, replaced);
      }
    }
    Leaf[] more = Arrays.copyOf(leaves, leaves.length + 1);
    more[leaves.length] = leaf;
    return new Collision(hash, more);
  }
}

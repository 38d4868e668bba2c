// The keys of the event correlator's caches as a trie of their parts (object, apiVersion, type,
// reason, fieldPath, message) rather than joined strings: a lookup compares parts the caller
// already holds, and never builds, flattens and hashes a long key holding the message. Cache entries
// hang on the nodes; a node left with neither entries nor children is pruned. Not an LRU itself.

/** One key part's node; `bucket`, `aggregate` and `log` are the correlator's entries under its key. */
export class KeyNode<B, A, L> {
  readonly parent: KeyNode<B, A, L> | undefined;
  readonly part: string;
  /** Set once the node has left the trie (its entries are gone); reattach() gives its successor. */
  pruned = false;
  bucket: B | undefined;
  aggregate: A | undefined;
  log: L | undefined;
  /** The first child (its `part` is its key), kept outside the map: most nodes have one child (one apiVersion, one type, one message). */
  private firstChild: KeyNode<B, A, L> | undefined;
  /** Any further children, by part. */
  private more: Map<string, KeyNode<B, A, L>> | undefined;

  constructor(parent: KeyNode<B, A, L> | undefined, part: string) {
    this.parent = parent;
    this.part = part;
  }

  /** The child under `part`, created when absent. */
  child(part: string): KeyNode<B, A, L> {
    if (this.firstChild !== undefined && this.firstChild.part === part) return this.firstChild;
    let child = this.more?.get(part);
    if (child !== undefined) return child;
    child = new KeyNode(this, part);
    if (this.firstChild === undefined) this.firstChild = child;
    else (this.more ??= new Map()).set(part, child);
    return child;
  }

  /** Takes this node, and then each ancestor, out of the trie while it holds no entry and no child. */
  prune(): void {
    let node: KeyNode<B, A, L> = this;
    while (node.parent !== undefined && node.isEmpty()) {
      node.pruned = true;
      node.parent.removeChild(node);
      node = node.parent;
    }
  }

  /** The node in the trie at this node's key: itself, or a fresh one when it was pruned meanwhile. */
  reattach(): KeyNode<B, A, L> {
    return this.pruned ? this.parent!.reattach().child(this.part) : this;
  }

  private isEmpty(): boolean {
    return this.bucket === undefined && this.aggregate === undefined && this.log === undefined && this.firstChild === undefined && (this.more === undefined || this.more.size === 0);
  }

  private removeChild(child: KeyNode<B, A, L>): void {
    if (this.firstChild === child) this.firstChild = undefined;
    else this.more?.delete(child.part);
  }
}

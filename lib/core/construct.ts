// The construct tree: every construct has a scope (its parent), an id unique among its
// siblings, and a path from the root. Dependencies between constructs live on the node.
// This module knows nothing of Kubernetes objects; `Resource` and `Stack` build on it.

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The tree bookkeeping of one construct, reached as `construct.node`. */
export class Node {
  readonly id: string;
  readonly scope: Construct | undefined;
  private readonly childMap = new Map<string, Construct>();
  private readonly deps = new Set<Construct>();
  private readonly host: Construct;

  constructor(host: Construct, scope: Construct | undefined, id: string) {
    this.host = host;
    this.scope = scope;
    this.id = id;
  }

  /** Ids from the root to this construct, joined by '/': `shop/web/Resource`. */
  get path(): string {
    return this.scopes.map((c) => c.node.id).join('/');
  }

  /** This construct's ancestors and itself, root first. */
  get scopes(): Construct[] {
    const out: Construct[] = [];
    for (let c: Construct | undefined = this.host; c; c = c.node.scope) out.unshift(c);
    return out;
  }

  /** The root of the tree. */
  get root(): Construct {
    return this.scopes[0]!;
  }

  /** Direct children, in the order they were added. */
  get children(): Construct[] {
    return [...this.childMap.values()];
  }

  /** This construct and all its descendants, depth first, parents before children. */
  findAll(): Construct[] {
    const out: Construct[] = [this.host];
    for (const child of this.childMap.values()) out.push(...child.node.findAll());
    return out;
  }

  /** The child with this id, or undefined. */
  tryFindChild(id: string): Construct | undefined {
    return this.childMap.get(id);
  }

  /** The child with this id. @throws Error naming the path when there is none. */
  findChild(id: string): Construct {
    const child = this.childMap.get(id);
    if (!child) throw new Error(`${this.path}: has no child '${id}'`);
    return child;
  }

  /** Declares that this construct's objects must be applied after those of `targets`. */
  addDependency(...targets: Construct[]): void {
    for (const t of targets) {
      if (t === this.host) throw new TypeError(`${this.path}: a construct cannot depend on itself`);
      this.deps.add(t);
    }
  }

  /** The constructs this one was declared to depend on. */
  get dependencies(): Construct[] {
    return [...this.deps];
  }

  /** @internal Called by the Construct constructor. */
  addChild(child: Construct, id: string): void {
    if (this.childMap.has(id)) {
      throw new TypeError(`${this.path}: there is already a construct with id '${id}' here; ids must be unique among siblings`);
    }
    this.childMap.set(id, child);
  }
}

/**
 * The base of every construct.
 * @example
 * class Team extends Construct { constructor(scope: Construct, id: string) { super(scope, id); } }
 */
export class Construct {
  readonly node: Node;

  constructor(scope: Construct | undefined, id: string) {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      const where = scope ? `${scope.node.path}: ` : '';
      throw new TypeError(
        `${where}construct id ${JSON.stringify(id)} is not valid: use letters, digits, '-', '_' or '.', starting with a letter or digit`,
      );
    }
    this.node = new Node(this, scope, id);
    scope?.node.addChild(this, id);
  }

  /** Declares that this construct is applied after `targets` (and deleted before them). */
  dependsOn(...targets: Construct[]): this {
    this.node.addDependency(...targets);
    return this;
  }

  toString(): string {
    return this.node.path;
  }
}

// A Stack is the root of a construct tree and the unit of plan/apply: everything under it is
// synthesized, planned, applied and pruned together (on a cluster it becomes one ApplySet).

import { checkDns1123Label } from '../k8s/names.ts';
import { Construct } from './construct.ts';

/** Options of a Stack. */
export interface StackProps {
  /**
   * The namespace for every namespaced object that does not name one.
   * @default undefined: such objects go to the target's default namespace
   */
  readonly namespace?: string;
  /**
   * Labels put on every object of the stack (not on selectors, which are immutable).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations put on every object of the stack.
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Whether synth adds a Namespace object for `namespace` when the stack does not define one.
   * @default true when `namespace` is set and is not `default`, `kube-system` or `kube-public`
   */
  readonly createNamespace?: boolean;
}

const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The root of a construct tree and the unit of plan/apply.
 * @example
 * const stack = new Stack('shop', { namespace: 'shop' });
 * new App(stack, 'web', { image: 'nginx:1.27', port: 80 });
 * export default stack;
 */
export class Stack extends Construct {
  /** The stack's name: its id, a DNS-1123 label. */
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly createNamespace: boolean;

  constructor(name: string, props: StackProps = {}) {
    const nameErrs = typeof name === 'string' ? checkDns1123Label(name) : ['must be a string'];
    if (nameErrs.length > 0) throw new TypeError(`Stack ${JSON.stringify(name)}: name: ${nameErrs[0]}`);
    super(undefined, name);
    if (props.namespace !== undefined) {
      const errs = checkDns1123Label(props.namespace);
      if (errs.length > 0) throw new TypeError(`Stack ${name}: 'namespace' ("${props.namespace}"): ${errs[0]}`);
    }
    this.name = name;
    this.namespace = props.namespace;
    this.labels = { ...(props.labels ?? {}) };
    this.annotations = { ...(props.annotations ?? {}) };
    this.createNamespace = props.createNamespace ?? (props.namespace !== undefined && !SYSTEM_NAMESPACES.has(props.namespace));
  }

  /** The stack a construct belongs to. @throws TypeError when the construct is not under a Stack. */
  static of(construct: Construct): Stack {
    const found = Stack.tryOf(construct);
    if (!found) throw new TypeError(`${construct.node.path}: is not inside a Stack; create constructs with a Stack as their root scope`);
    return found;
  }

  /** The stack a construct belongs to, or undefined. */
  static tryOf(construct: Construct): Stack | undefined {
    const root = construct.node.root;
    return root instanceof Stack ? root : undefined;
  }

  /** True when `value` is a Stack (works across copies of the library). */
  static isStack(value: unknown): value is Stack {
    return value instanceof Stack;
  }
}

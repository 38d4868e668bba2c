// Annotations and field managers shipshape itself writes, shared by the constructs (synth side)
// and the plan/apply engine (cluster side).

/**
 * Generated keys, the synth side of "deterministic credentials". A Secret with `generateKeys` is
 * synthesized WITHOUT those keys and with the annotations below. When the Secret does not exist
 * on the target yet (or lacks a listed key), the apply engine generates a random alphanumeric
 * value ([A-Za-z0-9], so it is safe inside URLs) of `generate-length` characters once and writes
 * it with its own field manager (`shipshape-generator`), before the main apply. Later applies by
 * the `shipshape` manager never send those keys, so server-side apply neither changes nor removes
 * them, and plan shows no diff. Synth itself never produces a random value.
 */
export const GENERATE_KEYS_ANNOTATION = 'shipshape.dev/generate-keys';
/** The length of each generated value, as a decimal string. */
export const GENERATE_LENGTH_ANNOTATION = 'shipshape.dev/generate-length';
/** The field manager the apply engine writes generated keys with. */
export const GENERATOR_FIELD_MANAGER = 'shipshape-generator';
/** The field manager of every apply shipshape makes. */
export const FIELD_MANAGER = 'shipshape';

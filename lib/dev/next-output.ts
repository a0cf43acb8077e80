import { stripVTControlCharacters } from "node:util";

/**
 * What `npm run dev` passes on of `next dev`'s own output. Its banner names the address Next
 * listens on (127.0.0.1), not the one to open (scripts/dev.ts prints that first), lists the
 * experimental flags next.config.ts needs (authInterrupts, for forbidden()), and says "Ready"
 * before the dev script has compiled the first pages (it says "▲ Ready" itself once it has,
 * the line README says to wait for): all three dropped.
 * While the dev script warms the routes up, the lines of its own requests and Next's notes on
 * compiling them are dropped too. Every other line, warnings and errors included, passes.
 */
const BANNER_ADDRESS = /^\s*- (Local|Network):/;
const EXPERIMENTS = /^\s*- Experiments \(use with caution\):/;
const EXPERIMENT_ITEM = /^\s+\S+ \S+$/;
const NEXT_READY = /^\s*✓ Ready in /;
const WARM_UP_NOISE = /^\s*(GET \/|\S+ Compiling \/)/;

export function nextOutputFilter(warming: () => boolean): (line: string) => boolean {
  let inExperiments = false;
  return (line) => {
    const plain = stripVTControlCharacters(line);
    if (inExperiments && EXPERIMENT_ITEM.test(plain)) return false;
    inExperiments = EXPERIMENTS.test(plain);
    if (inExperiments || BANNER_ADDRESS.test(plain) || NEXT_READY.test(plain)) return false;
    return !(warming() && WARM_UP_NOISE.test(plain));
  };
}

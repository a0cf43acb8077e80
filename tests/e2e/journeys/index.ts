import type { Journey } from "../support/journey";
import { signOutAndBack, unsafeNext, wrongPassword } from "./auth";

/** Lanes run side by side; journeys within a lane run one after another. */
export const JOURNEYS: Journey[][] = [[signOutAndBack, wrongPassword, unsafeNext]];

import type { Journey } from "../support/journey";
import { framingRefused, passwordReset, rateLimited } from "./abuse";
import { accessiblePages } from "./accessibility";
import { adminOnly, disableUser, settingsJourney } from "./admin";
import { adminNeedsSecondFactor } from "./admin-second-factor";
import { apiKeyShownOnceThenRevoked } from "./api-keys";
import { apiReference } from "./api-reference";
import { signOutAndBack, unsafeNext, wrongPassword } from "./auth";
import { formsWaitForScripts } from "./before-hydration";
import { dashboardBudget } from "./budget";
import { appInListedPage } from "./cross-origin";
import { endedSessionKeepsDraft, freshAfterBack, keyboardFocus, toastsCapped } from "./dashboard";
import { devOutboxAccessible } from "./dev-pages";
import { emailVerification } from "./email";
import { appRegisteredInSettings } from "./oauth-apps";
import { appAllowedForWorkspace, appAuthorizedThenRevoked } from "./oauth-consent";
import { recoveredFromAnotherRegistrant } from "./ownership";
import { passkeyIsBothFactors, passkeySignIn } from "./passkeys";
import { choosingPasswords } from "./passwords";
import { keepMeSignedIn, themeSwitch } from "./preferences";
import { screenshots, workspaceScreenshots } from "./screenshots";
import { authenticatorApp } from "./second-factor";
import { signOutEverywhereElse, tokenRefreshedUnnoticed, twoTabs } from "./sessions";
import { signInWithSso } from "./sso";
import {
  addedWhileListLoads,
  changedElsewhere,
  filtersAndPaging,
  keyboardDeleteAndUndo,
  taskLifecycle,
} from "./tasks";
import {
  memberFiltersPagesAndEdits,
  sharedWorkspace,
  viewerSeesNoEditControls,
} from "./workspaces";

/**
 * Lanes run side by side; journeys within a lane run one after another. The two that wait out
 * a token's lifetime get lanes of their own, so the suite takes about as long as the others.
 */
export const JOURNEYS: Journey[][] = [
  [
    taskLifecycle,
    keyboardDeleteAndUndo,
    filtersAndPaging,
    changedElsewhere,
    addedWhileListLoads,
    adminOnly,
    disableUser,
    settingsJourney,
    apiKeyShownOnceThenRevoked,
    appRegisteredInSettings,
    appAuthorizedThenRevoked,
    appAllowedForWorkspace,
    signOutEverywhereElse,
    screenshots,
    dashboardBudget,
    rateLimited,
    passwordReset,
  ],
  // The sign-in form with every hostile next: about a minute of sign-ins, beside the waits.
  [tokenRefreshedUnnoticed, unsafeNext],
  [
    twoTabs,
    framingRefused,
    choosingPasswords,
    emailVerification,
    devOutboxAccessible,
    sharedWorkspace,
    workspaceScreenshots,
    viewerSeesNoEditControls,
    memberFiltersPagesAndEdits,
  ],
  // These journeys share one lane: more lanes starve each other on 2 cores.
  [
    freshAfterBack,
    keyboardFocus,
    toastsCapped,
    endedSessionKeepsDraft,
    accessiblePages,
    keepMeSignedIn,
    themeSwitch,
  ],
  [
    signOutAndBack,
    wrongPassword,
    formsWaitForScripts,
    apiReference,
    signInWithSso,
    authenticatorApp,
    passkeySignIn,
    passkeyIsBothFactors,
    recoveredFromAnotherRegistrant,
    appInListedPage,
  ],
];

/**
 * Journeys of a deployment configured otherwise than the main server (a deployer's choice, such
 * as REQUIRE_ADMIN_2FA). Each runs as a lane of its own against a server of its own (its own
 * port, database and admin account, with `env` on top of the e2e settings), started beside the
 * other lanes only when one of its journeys is selected, and stopped when they end.
 */
export type ConfiguredLane = { name: string; env: Record<string, string>; journeys: Journey[] };

export const CONFIGURED_LANES: ConfiguredLane[] = [
  { name: "admin-2fa", env: { REQUIRE_ADMIN_2FA: "true" }, journeys: [adminNeedsSecondFactor] },
];

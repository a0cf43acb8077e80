// The device page is a consent page too: the same centred card as /oauth/authorize.
export { default } from "../oauth/layout";

/** What the passkey settings say after an action, shown above the list. */
export type Notice = { tone: "success" | "info" | "error"; text: string };

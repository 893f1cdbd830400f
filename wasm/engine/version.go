package engine

// Version is the engine's version, reported by the CLI and the bridge.
const Version = "0.1.0"

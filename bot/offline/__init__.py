"""Running the real bot without Discord: a local stand-in for Discord's REST API and a driver
that feeds it gateway interaction payloads. Used by the console, `call`, tests and benchmarks."""

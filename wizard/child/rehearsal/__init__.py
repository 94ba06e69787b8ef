"""The rehearsal's work inside the target: scratch databases, seeding rows, fingerprints and each
kind's facts."""

// A backup thread that dies before it reports anything, as a crash in native code would end it.
process.exit(3);

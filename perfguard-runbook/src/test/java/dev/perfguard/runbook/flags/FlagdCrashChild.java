package dev.perfguard.runbook.flags;

import java.nio.file.Path;

/** The child JVM of {@link FlagdFileCrashTest}: toggles one flag of the file in a loop until killed. */
final class FlagdCrashChild {
    private FlagdCrashChild() {}

    public static void main(String[] args) {
        FlagdFile file = FlagdFile.at(Path.of(args[0]));
        String flag = args[1];
        boolean on = false;
        System.out.println("started");
        System.out.flush();
        while (true) {
            file.set(flag, on, "crash-child");
            on = !on;
        }
    }
}

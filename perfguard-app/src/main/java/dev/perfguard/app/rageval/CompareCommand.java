package dev.perfguard.app.rageval;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compares two runs query by query.")
final class CompareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}

package dev.salvo.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr, or nothing. Only the consuming thread calls {@link #step}. */
interface Progress extends AutoCloseable {
    Progress NONE = new Progress() {
        @Override
        public void step(boolean failed) {
        }

        @Override
        public void close() {
        }
    };

    /** One more record, failed or not. */
    void step(boolean failed);

    @Override
    void close();

    /**
     * Whether stderr is a terminal. Java cannot ask about stderr alone: the {@code salvo} launcher
     * tells with {@code -Dsalvo.stderr.tty=true|false}; without it, a console (stdin and stdout on a
     * terminal) is taken as the sign. Tests and pipes get no console, hence no bar.
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("salvo.stderr.tty");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    /** A bar titled {@code task} counting up to {@code total} (-1 when unknown). */
    static Progress bar(String task, long total, PrintStream err) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" req", 1)
                .showSpeed()
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
        return new Progress() {
            private long failed;

            @Override
            public void step(boolean f) {
                if (f) {
                    failed++;
                    bar.setExtraMessage(failed + " failed");
                }
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}

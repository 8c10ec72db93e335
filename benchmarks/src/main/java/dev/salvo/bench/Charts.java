package dev.salvo.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The PNG charts: one bar chart per workload (references grey, Salvo coloured) and
 * benchmarks.png, all of them side by side, for the README.
 */
final class Charts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 560;
    private static final Color REFERENCE = new Color(150, 150, 150);
    private static final Color SALVO = new Color(31, 119, 180);

    private Charts() {
    }

    /** Writes the charts the results allow into {@code dir}; returns their file names, the summary first. */
    static List<String> write(Results r, Path dir) throws IOException {
        List<CategoryChart> charts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        add(charts, names, bars("W1 throughput, size " + Plan.W1_SIZE + " (req/s, median)", "req/s", r.of("W1"),
                c -> Verdict.median(c, false)), "w1.png");
        add(charts, names, w2(r), "w2.png");
        add(charts, names, bars("W4 1 MiB bodies, size " + Plan.W4_SIZE + " (MiB/s, median)", "MiB/s", r.of("W4"),
                c -> Verdict.median(c, true)), "w4.png");
        List<String> files = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            BitmapEncoder.saveBitmap(charts.get(i), dir.resolve(names.get(i)).toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(names.get(i));
        }
        if (!charts.isEmpty()) {
            BufferedImage all = new BufferedImage(WIDTH * charts.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = all.createGraphics();
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * WIDTH, 0, null);
            }
            g.dispose();
            ImageIO.write(all, "png", dir.resolve("benchmarks.png").toFile());
            files.add(0, "benchmarks.png");
        }
        return files;
    }

    private static void add(List<CategoryChart> charts, List<String> names, CategoryChart chart, String name) {
        if (chart != null) {
            charts.add(chart);
            names.add(name);
        }
    }

    /** One bar per cell, overlapping series so that references and Salvo get their own colour. */
    private static CategoryChart bars(String title, String unit, List<CellResult> cells, ToDoubleFunction<CellResult> value) {
        List<CellResult> ok = cells.stream().filter(CellResult::ok).toList();
        if (ok.isEmpty()) {
            return null;
        }
        CategoryChart chart = base(title, unit);
        chart.getStyler().setOverlapped(true);
        List<String> labels = ok.stream().map(c -> shortLabel(c.cell().label())).toList();
        List<Double> refs = new ArrayList<>();
        List<Double> salvo = new ArrayList<>();
        for (CellResult c : ok) {
            boolean isSalvo = Clients.isSalvo(c.cell().label());
            refs.add(isSalvo ? 0 : value.applyAsDouble(c));
            salvo.add(isSalvo ? value.applyAsDouble(c) : 0);
        }
        chart.addSeries("references", labels, refs).setFillColor(REFERENCE);
        chart.addSeries("salvo", labels, salvo).setFillColor(SALVO);
        return chart;
    }

    /** W2: time over ideal per transport, one series per size; 1.0 is ideal. */
    private static CategoryChart w2(Results r) {
        List<CellResult> ok = r.of("W2").stream().filter(CellResult::ok).toList();
        if (ok.isEmpty()) {
            return null;
        }
        CategoryChart chart = base("W2 100 ms endpoint: time / ideal (target <= 1.05 / 1.10)", "x ideal");
        Color[] colours = {SALVO, new Color(255, 127, 14)};
        int i = 0;
        // every series over the same categories (XChart needs that); the JVM peers have only size 1,000, so 0 elsewhere
        List<String> labels = ok.stream().map(c -> c.cell().label()).distinct().toList();
        for (int size : Plan.W2_SIZES) {
            List<CellResult> at = ok.stream().filter(c -> c.cell().concurrency() == size).toList();
            if (at.isEmpty()) {
                continue;
            }
            List<Double> ratios = labels.stream().map(l -> at.stream().filter(c -> c.cell().label().equals(l)).findFirst()
                    .map(c -> Stats.of(c.seconds()).median() / (Verdict.idealMillis(c.cell()) / 1000)).orElse(0.0)).toList();
            chart.addSeries("size " + size, labels.stream().map(Charts::shortLabel).toList(), ratios)
                    .setFillColor(colours[i++ % colours.length]);
        }
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    /** A row's name short enough to stand under its bar. */
    static String shortLabel(String label) {
        return label.replace(" (default executor)", " default").replace(" (own executor)", " executor")
                .replace(" (send() on a thread per slot)", " send()").replace(" (default dispatcher)", " default")
                .replace(" (dispatcher raised)", " raised").replace(" (minimal client)", "")
                .replace(Clients.COMMON_POOL_2, " +pool2");
    }

    private static CategoryChart base(String title, String unit) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(unit).build();
        CategoryStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setLabelsVisible(false);
        return chart;
    }
}

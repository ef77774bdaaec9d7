package dev.sidecar.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The start-time chart, drawn with plain Java2D: median start-to-ready time against the number of sidecars, one line
 * per approach, with min–max whiskers.
 */
final class Chart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {new Color(0x444444), new Color(0x1f77b4), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x2ca02c), new Color(0xd62728), new Color(0x8c564b),
            new Color(0xe377c2), new Color(0x17becf)};
    /** The floors' lines are dashed, the approaches' solid. */
    private static final float[] DASH = {6f, 4f};

    private Chart() {
    }

    /**
     * @param series per approach (in legend order), per number of sidecars, the start time in ms
     */
    static void draw(Path file, String title, Map<String, Map<Integer, Stats>> series) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        int maxSidecars = series.values().stream().flatMap(m -> m.keySet().stream()).mapToInt(i -> i).max()
                .orElse(10);
        double maxMs = series.values().stream().flatMap(m -> m.values().stream()).filter(s -> !s.empty())
                .mapToDouble(Stats::max).max().orElse(1000);
        double yStep = niceStep(maxMs / 6);
        double yMax = Math.ceil(maxMs / yStep) * yStep;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        for (double y = 0; y <= yMax + 1e-9; y += yStep) {
            int py = TOP + plotH - (int) Math.round(y / yMax * plotH);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            String label = String.format("%.0f", y);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        for (int x = 0; x <= maxSidecars; x++) {
            int px = LEFT + (int) Math.round((double) x / maxSidecars * plotW);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
            String label = Integer.toString(x);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("sidecars (besides main and the infrastructure container)", LEFT + plotW / 2 - 160,
                HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("start to ready, ms (median, whiskers min–max)", -(TOP + plotH / 2 + 130), 22);
        rotated.dispose();

        int i = 0;
        for (Map.Entry<String, Map<Integer, Stats>> e : series.entrySet()) {
            Color color = COLORS[i % COLORS.length];
            g.setColor(color);
            BasicStroke line = e.getKey().startsWith("floor")
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f)
                    : new BasicStroke(2f);
            g.setStroke(line);
            List<Map.Entry<Integer, Stats>> points = e.getValue().entrySet().stream().filter(p -> !p.getValue().empty())
                    .sorted(Map.Entry.comparingByKey()).toList();
            int prevX = -1;
            int prevY = -1;
            for (Map.Entry<Integer, Stats> p : points) {
                // Each series a few pixels aside, so that whiskers at one x stay apart.
                int px = LEFT + (int) Math.round((double) p.getKey() / maxSidecars * plotW)
                        + (i - (series.size() - 1) / 2) * 5;
                int py = y(p.getValue().median(), yMax, plotH);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                g.setStroke(new BasicStroke(1f));
                g.drawLine(px, y(p.getValue().min(), yMax, plotH), px, y(p.getValue().max(), yMax, plotH));
                g.drawLine(px - 4, y(p.getValue().min(), yMax, plotH), px + 4, y(p.getValue().min(), yMax, plotH));
                g.drawLine(px - 4, y(p.getValue().max(), yMax, plotH), px + 4, y(p.getValue().max(), yMax, plotH));
                g.setStroke(line);
                g.fillOval(px - 4, py - 4, 8, 8);
                prevX = px;
                prevY = py;
            }
            int ly = TOP + 20 + i * 24;
            g.drawLine(LEFT + plotW + 20, ly - 4, LEFT + plotW + 50, ly - 4);
            g.fillOval(LEFT + plotW + 31, ly - 8, 8, 8);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), LEFT + plotW + 58, ly);
            i++;
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static int y(double ms, double yMax, int plotH) {
        return TOP + plotH - (int) Math.round(ms / yMax * plotH);
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}

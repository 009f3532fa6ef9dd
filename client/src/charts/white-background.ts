// Paints the canvas white before each draw, so a chart downloaded as PNG reads in any viewer
// (a transparent PNG turns black in some).
import type { Plugin } from "chart.js";

export const whiteBackground: Plugin = {
  id: "unionpulseWhiteBackground",
  beforeDraw(c) {
    c.ctx.save();
    c.ctx.fillStyle = "#ffffff";
    c.ctx.fillRect(0, 0, c.width, c.height);
    c.ctx.restore();
  },
};

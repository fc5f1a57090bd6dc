// A small line chart of the last few values, drawn on a canvas (no library).

const LINE = '#1f6fd1';
const FILL = 'rgba(31, 111, 209, 0.12)';
const AXIS = '#dde3ea';

export class Sparkline {
  constructor(label, capacity = 60) {
    this.values = [];
    this.capacity = capacity;
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
  }

  push(value) {
    this.values.push(Math.max(0, value));
    if (this.values.length > this.capacity) this.values.shift();
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth || 300;
    const height = c.clientHeight || 64;
    c.width = Math.round(width * ratio);
    c.height = Math.round(height * ratio);
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.strokeStyle = AXIS;
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, height - 0.5);
    g.lineTo(width, height - 0.5);
    g.stroke();
    if (this.values.length === 0) return;
    const max = Math.max(1, ...this.values);
    const step = width / (this.capacity - 1);
    const x = (i) => width - (this.values.length - 1 - i) * step;
    const y = (v) => height - 2 - (v / max) * (height - 8);
    // one value is drawn as a short level line ending at the right edge
    const points = this.values.length === 1 ? [[width - step, this.values[0]], [width, this.values[0]]]
      : this.values.map((v, i) => [x(i), v]);
    g.beginPath();
    points.forEach(([px, v], i) => (i === 0 ? g.moveTo(px, y(v)) : g.lineTo(px, y(v))));
    g.strokeStyle = LINE;
    g.lineWidth = 1.5;
    g.stroke();
    g.lineTo(points[points.length - 1][0], height);
    g.lineTo(points[0][0], height);
    g.closePath();
    g.fillStyle = FILL;
    g.fill();
  }
}

/**
 * Drawing on a canvas with a pointer (finger, pen, mouse). Keyboard users sign by typing their
 * name instead; the pad is an optional addition to that.
 */
export class SignaturePad {
  private drawing = false;
  private drawn = false;
  private last?: { x: number; y: number };

  constructor(
    /** The canvas drawn on (a re-rendered canvas needs a new pad). */
    readonly canvas: HTMLCanvasElement,
    private readonly changed: () => void,
  ) {
    canvas.addEventListener('pointerdown', this.down);
    canvas.addEventListener('pointermove', this.move);
    canvas.addEventListener('pointerup', this.up);
    canvas.addEventListener('pointercancel', this.up);
    const ctx = canvas.getContext('2d')!;
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111827';
  }

  /** Whether nothing has been drawn. */
  get isEmpty() {
    return !this.drawn;
  }

  /** The signature as a PNG data URL, or undefined when nothing was drawn. */
  toDataUrl(): string | undefined {
    return this.drawn ? this.canvas.toDataURL('image/png') : undefined;
  }

  /** Wipes the drawing. */
  clear() {
    this.canvas.getContext('2d')!.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawn = false;
    this.changed();
  }

  private point(event: PointerEvent) {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * this.canvas.width) / box.width,
      y: ((event.clientY - box.top) * this.canvas.height) / box.height,
    };
  }

  private readonly down = (event: PointerEvent) => {
    event.preventDefault();
    this.canvas.setPointerCapture?.(event.pointerId);
    this.drawing = true;
    this.last = this.point(event);
  };

  private readonly move = (event: PointerEvent) => {
    if (!this.drawing || !this.last) return;
    const next = this.point(event);
    const ctx = this.canvas.getContext('2d')!;
    ctx.beginPath();
    ctx.moveTo(this.last.x, this.last.y);
    ctx.lineTo(next.x, next.y);
    ctx.stroke();
    this.last = next;
    if (!this.drawn) {
      this.drawn = true;
      this.changed();
    }
  };

  private readonly up = () => {
    this.drawing = false;
    this.last = undefined;
  };
}

/** A small disk (a cylinder): the mark of a volume a pod's containers share. */
export function VolumeGlyph({ size = 10 }: { size?: number }) {
  return (
    <svg
      aria-hidden
      width={size}
      height={size}
      viewBox="0 0 10 10"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.2"
      className="shrink-0"
    >
      <ellipse cx="5" cy="2.5" rx="4" ry="1.6" />
      <path d="M1 2.5v5c0 .9 1.8 1.6 4 1.6s4-.7 4-1.6v-5" />
    </svg>
  )
}

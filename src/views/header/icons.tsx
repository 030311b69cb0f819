/** Small inline icons: text glyphs such as ▶ turn into colour emoji on some systems. */

const common = {
  viewBox: '0 0 16 16',
  className: 'h-3.5 w-3.5 fill-current',
  'aria-hidden': true,
} as const

export const PlayIcon = () => (
  <svg {...common}>
    <path d="M4 2.5v11l9-5.5z" />
  </svg>
)

export const PauseIcon = () => (
  <svg {...common}>
    <rect x="3.5" y="2.5" width="3" height="11" rx="0.5" />
    <rect x="9.5" y="2.5" width="3" height="11" rx="0.5" />
  </svg>
)

export const StepIcon = () => (
  <svg {...common}>
    <path d="M2.5 2.5v11l7.5-5.5z" />
    <rect x="11" y="2.5" width="2.5" height="11" rx="0.5" />
  </svg>
)

export const BackIcon = () => (
  <svg {...common}>
    <path d="M13.5 2.5v11l-7.5-5.5z" />
    <rect x="2.5" y="2.5" width="2.5" height="11" rx="0.5" />
  </svg>
)

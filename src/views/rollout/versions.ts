/** The versions the rollout panel offers: working ones, and ones made to show a rollout going wrong. */
import type { MessageKey } from '../i18n/translate'

export interface VersionChoice {
  image: string
  note: MessageKey
}

/** Images of the simulated registry (src/engine/kubelet/images.ts) a learner can roll out to. */
export const VERSIONS: readonly VersionChoice[] = [
  { image: 'nginx:1.25', note: 'versionOk' },
  { image: 'nginx:1.26', note: 'versionOk' },
  { image: 'nginx:1.27', note: 'versionOk' },
  { image: 'nginx:1.99', note: 'versionMissing' },
  { image: 'kubeplayground/web:crashloop', note: 'versionCrash' },
  { image: 'kubeplayground/web:unready', note: 'versionUnready' },
]

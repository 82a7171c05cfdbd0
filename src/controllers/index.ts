// The controllers a kctl cluster runs, in the order they run within a round.

import type { Controller } from './types';

export function defaultControllers(): Controller[] {
  return [];
}

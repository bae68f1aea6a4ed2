// Teams in memory. Deleting a team detaches its members and supervisors, as ON DELETE does in SQLite.
import type { TeamStore } from '../stores.js';
import { copyOf, sortedValues, type MemoryState } from './state.js';

export function createMemoryTeamStore(state: MemoryState): TeamStore {
  return {
    get: (id) => copyOf(state.teams.get(id)),
    list: () => sortedValues(state.teams),
    put(team) {
      state.teams.set(team.id, { id: team.id, name: team.name });
    },
    delete(id) {
      if (!state.teams.delete(id)) return false;
      for (const { user } of state.users.values()) {
        if (user.teamId === id) user.teamId = null;
        user.supervisedTeamIds = user.supervisedTeamIds.filter((t) => t !== id);
      }
      return true;
    },
  };
}

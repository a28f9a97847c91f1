// Every file of this target sees the storage target's public API (models, stores, the domain vocabulary).
@_exported import SmoothScheduleStore

// Package schema runs a store's migrations, refusing a store whose
// schema is newer than the build's.
package schema

import (
	"context"
	"fmt"

	"github.com/pressly/goose/v3"
)

// Up applies the provider's migrations that the store lacks. A store
// already migrated past the newest migration this build knows (written
// by a newer truce) is refused with an error naming both versions,
// before anything is changed: this build's statements would not match
// its tables.
func Up(ctx context.Context, p *goose.Provider) error {
	have, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("reading the store's schema version: %w", err)
	}
	var known int64
	if src := p.ListSources(); len(src) > 0 {
		known = src[len(src)-1].Version
	}
	if have > known {
		return fmt.Errorf("the store's schema is version %d, newer than this build's %d: it was written by a newer truce; run that one (or a newer one), or a copy of the store from before", have, known)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	return nil
}

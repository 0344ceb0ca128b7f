package imgurtest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// OneItemPage wraps one recorded item — a single image or album response,
// or a bare item object — into a favorites page, keeping the object's bytes
// unchanged: how recorded single objects are read through Favorites.
func OneItemPage(recorded []byte) ([]byte, error) {
	obj := bytes.TrimSpace(recorded)
	var env struct{ Data json.RawMessage }
	if err := json.Unmarshal(obj, &env); err != nil {
		return nil, fmt.Errorf("recorded item: %w", err)
	}
	if len(env.Data) > 0 && env.Data[0] == '{' {
		obj = env.Data // RawMessage keeps the bytes as they were
	}
	var page bytes.Buffer
	page.WriteString(`{"data":[`)
	page.Write(obj)
	page.WriteString(`],"success":true,"status":200}`)
	return page.Bytes(), nil
}

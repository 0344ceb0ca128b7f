package imgur

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeLenient: whatever the object, the rewritten form decodes
// strictly into the struct it was rewritten for (so a field in the wrong
// type can never cost the object), and decoding never panics.
func FuzzDecodeLenient(f *testing.F) {
	f.Add([]byte(`{"id":"a","views":"1,234","nsfw":"true","datetime":1.5,"mp4_size":"595876","tags":[{"followers":"2"},3]}`))
	f.Add([]byte(`{"id":5,"images":[{"id":"b","size":1e400,"images":[{"id":"c"}]}],"edited":{"x":[]},"is_album":"0"}`))
	f.Add([]byte(`{"UserLimit":"2,000","UserReset":1.7e9,"url":"bob","reputation":"4.5","created":"x"}`))
	f.Add([]byte(`{"data":[1],"success":"false","status":"400","errors":[{"code":429,"detail":7}],"message":null}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var obj map[string]json.RawMessage
		isObject := json.Unmarshal(body, &obj) == nil && obj != nil
		for _, v := range []any{&wireItem{}, &Account{}, &Credits{}, &envelope{}} {
			typ := reflect.TypeOf(v).Elem()
			if fixed, ok := coerceObject(body, schemaOf(typ), 0); ok {
				if err := json.Unmarshal(fixed, reflect.New(typ).Interface()); err != nil {
					t.Fatalf("rewritten %s does not decode: %v\n%s", typ, err, fixed)
				}
			}
			if err := decodeLenient(body, v); err != nil && isObject {
				t.Fatalf("decodeLenient into %s failed on an object: %v", typ, err)
			}
		}
	})
}

package testkit

import "reflect"

// EachFunc calls f for every function field of the struct v (an
// asm.Table), descending into struct fields (the per-type FloatOps), with
// the field's dotted path ("F32.Add") and value, nil or not.
func EachFunc(v any, f func(path string, fn reflect.Value)) {
	eachFunc(reflect.Indirect(reflect.ValueOf(v)), "", f)
}

func eachFunc(v reflect.Value, prefix string, f func(string, reflect.Value)) {
	for i := 0; i < v.NumField(); i++ {
		fv, name := v.Field(i), prefix+v.Type().Field(i).Name
		switch fv.Kind() {
		case reflect.Struct:
			eachFunc(fv, name+".", f)
		case reflect.Func:
			f(name, fv)
		}
	}
}

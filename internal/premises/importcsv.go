package premises

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
	"golang.org/x/text/encoding/charmap"
)

// Columns is the header of a premises register as CSV (samverkan import
// premises), as the contract says. The columns may come in any order.
var Columns = []string{
	"restaurant_number", "name", "organization_number", "holder_name", "street_address", "postal_code",
	"postal_area", "municipality_code", "licence_type", "serving_hours", "lat", "lon",
}

// MaxImportSize is the largest file ParseCSV reads: a register of every
// premises in Sweden is a few megabytes.
const MaxImportSize = 20 << 20

// Row is one premises of a register file and the line it starts on.
type Row struct {
	Line  int
	Input Input
}

// ImportError is what is wrong with a register file: the first bad line,
// the column when one is to blame, and why. Nothing of the file is stored.
type ImportError struct {
	Line    int    // 1 is the header
	Column  string // "" when the line as a whole is wrong
	Message validation.Message
}

func (e *ImportError) Error() string {
	where := "line " + strconv.Itoa(e.Line)
	if e.Column != "" {
		where += ", " + e.Column
	}
	return where + ": " + e.Message.Key
}

// Describe says the error with the words of say (a localizer's T), such
// as "line 7, organization_number: the check digit is wrong".
func (e *ImportError) Describe(say func(key string, args ...any) string) string {
	where := say("import.line", e.Line)
	if e.Column != "" {
		where += ", " + e.Column
	}
	return where + ": " + say(e.Message.Key, e.Message.Args...)
}

func lineError(line int, column, key string, args ...any) *ImportError {
	return &ImportError{Line: line, Column: column, Message: validation.Message{Key: key, Args: args}}
}

// ParseCSV reads a register file: UTF-8 (with or without a byte order
// mark) or, as Excel with Swedish settings saves "CSV (semikolonavgränsad)",
// Windows-1252; comma-separated or semicolon-separated; with the header of
// Columns. Every row is checked as
// far as can be done without the database; the first bad one stops the
// reading with an *ImportError.
func ParseCSV(r io.Reader) ([]Row, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, fmt.Errorf("read register: %w", err)
	}
	if len(raw) > MaxImportSize {
		return nil, lineError(1, "", "error.import_too_large", MaxImportSize>>20)
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if windows1252(raw) {
		if raw, err = charmap.Windows1252.NewDecoder().Bytes(raw); err != nil {
			return nil, lineError(1, "", "error.import_encoding")
		}
	}
	if !utf8.Valid(raw) {
		// The line of the first bad byte: count the lines before it.
		line := 1
		for i := 0; i < len(raw); {
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			if r == '\n' {
				line++
			}
			i += size
		}
		return nil, lineError(line, "", "error.import_encoding")
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comma = delimiter(raw)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, lineError(1, "", "error.import_empty")
	}
	if err != nil {
		return nil, csvError(err)
	}
	index, ierr := columnIndex(header)
	if ierr != nil {
		return nil, ierr
	}
	var rows []Row
	seen := map[string]int{} // restaurant number → line
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if isBlank(rec) {
			continue // a spreadsheet's empty row
		}
		row, ierr := parseRow(line, rec, index)
		if ierr != nil {
			return nil, ierr
		}
		n := row.Input.RestaurantNumber
		if first, dup := seen[n]; dup {
			return nil, lineError(line, "restaurant_number", "error.restaurant_number_twice", first)
		}
		seen[n] = line
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, lineError(1, "", "error.import_empty")
	}
	return rows, nil
}

// delimiter is ';' when the first line has semicolons and no commas.
func delimiter(raw []byte) rune {
	first, _, _ := bytes.Cut(raw, []byte("\n"))
	if bytes.IndexByte(first, ';') >= 0 && bytes.IndexByte(first, ',') < 0 {
		return ';'
	}
	return ','
}

func csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return lineError(pe.StartLine, "", "error.import_field_count", len(Columns))
	}
	return lineError(pe.StartLine, "", "error.import_syntax")
}

// columnIndex maps each column to its place in the header.
func columnIndex(header []string) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(Columns, h) {
			return nil, lineError(1, "", "error.import_column_unknown", h, strings.Join(Columns, ","))
		}
		if _, dup := index[h]; dup {
			return nil, lineError(1, "", "error.import_column_twice", h)
		}
		index[h] = i
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, lineError(1, "", "error.import_columns_missing", strings.Join(missing, ", "))
	}
	return index, nil
}

func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseRow turns a record into an Input and checks it.
func parseRow(line int, rec []string, index map[string]int) (Row, *ImportError) {
	get := func(c string) string { return strings.TrimSpace(rec[index[c]]) }
	in := Input{
		RestaurantNumber: get("restaurant_number"), Name: get("name"), OrganizationNumber: get("organization_number"),
		HolderName: get("holder_name"), StreetAddress: get("street_address"), PostalCode: get("postal_code"),
		PostalArea: get("postal_area"), MunicipalityCode: get("municipality_code"), LicenceType: get("licence_type"),
		ServingHours: get("serving_hours"),
	}
	for _, c := range []struct {
		name string
		dst  **float64
	}{{"lat", &in.Lat}, {"lon", &in.Lon}} {
		v := get(c.name)
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil {
			return Row{}, lineError(line, c.name, "error.number")
		}
		*c.dst = &f
	}
	var e validation.Errors
	in.check(&e)
	if len(e) > 0 {
		return Row{}, firstError(line, e)
	}
	return Row{Line: line, Input: in}, nil
}

// firstError is the error of the leftmost column with one.
func firstError(line int, e validation.Errors) *ImportError {
	for _, c := range Columns {
		if m, ok := e[c]; ok {
			return &ImportError{Line: line, Column: c, Message: m}
		}
	}
	// A field that is no column of its own (none today): name it anyway.
	fields := slices.Sorted(maps.Keys(e))
	if len(fields) == 0 {
		return nil
	}
	return &ImportError{Line: line, Column: fields[0], Message: e[fields[0]]}
}

// ImportResult says what an import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

func (r ImportResult) String() string {
	return fmt.Sprintf("created %d, updated %d, unchanged %d", r.Created, r.Updated, r.Unchanged)
}

// Import stores the rows of a register file in one transaction: a premises
// whose restaurant number is in the register already is updated, the
// others are added. Premises that are not in the file are left as they
// are. The first row that is wrong stops the import with an *ImportError
// and nothing is stored.
func (s *Store) Import(ctx context.Context, actor audit.Actor, rows []Row) (ImportResult, error) {
	var res ImportResult
	if len(rows) == 0 {
		return res, lineError(1, "", "error.import_empty")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res = ImportResult{}
		for _, row := range rows {
			var before Premises
			err := scanPremises(tx.QueryRowContext(ctx, `SELECT `+premisesColumns+` FROM premises p WHERE p.restaurant_number = ?`,
				strings.TrimSpace(row.Input.RestaurantNumber)), &before)
			err = db.Normalize(err)
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				return err
			}
			in := row.Input
			if before.ID != 0 {
				// The register says nothing of the status: a premises that
				// was closed stays closed until it is opened by hand.
				in.Status = before.Status
				in.Synthetic = before.Synthetic
			}
			p, err := in.validate(ctx, tx, before.ID)
			var ve *validation.Error
			if errors.As(err, &ve) {
				return firstError(row.Line, ve.Fields)
			}
			if err != nil {
				return err
			}
			if before.ID == 0 {
				if err := insert(ctx, tx, actor, &p); err != nil {
					return err
				}
				res.Created++
				continue
			}
			changed, err := update(ctx, tx, actor, before, &p)
			if err != nil {
				return err
			}
			if changed {
				res.Updated++
			} else {
				res.Unchanged++
			}
		}
		return nil
	})
	return res, err
}

// ImportCSV reads a register file and stores it: ParseCSV, then Import.
func (s *Store) ImportCSV(ctx context.Context, actor audit.Actor, r io.Reader) (ImportResult, error) {
	rows, err := ParseCSV(r)
	if err != nil {
		return ImportResult{}, err
	}
	return s.Import(ctx, actor, rows)
}

// windows1252 reports whether raw is Windows-1252 rather than UTF-8: it is
// not valid UTF-8 and holds no multi-byte UTF-8 character either. A file
// with both (lines pasted from two sources) is neither, and refused.
func windows1252(raw []byte) bool {
	invalid := false
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid = true
		case size > 1:
			return false
		}
		i += size
	}
	return invalid
}

package crimestats

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Store reads and writes the series.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// ImportResult says what an import did: figures new to the product,
// figures that replaced the same region × crime × period, and lines of the
// file that were not stored (each with its reason in Rejections).
type ImportResult struct {
	Imported   int         `json:"imported"`
	Replaced   int         `json:"replaced"`
	Rejected   int         `json:"rejected"`
	Rejections []Rejection `json:"-"`
}

// String is the contract's line: "imported N, replaced N, rejected N".
func (r ImportResult) String() string {
	return fmt.Sprintf("imported %d, replaced %d, rejected %d", r.Imported, r.Replaced, r.Rejected)
}

// Source is where an import comes from.
type Source struct {
	File      string // the file's name, kept with each figure
	Synthetic bool   // the demo's invented series
}

// Reach decides which regions an importer may write; nil reaches all.
type Reach func(Region) bool

// ReachOf is what p may import: an administrator every region; a
// coordinator the municipalities they coordinate, the counties of those
// and the country (the comparison the municipality's page draws).
func ReachOf(p *auth.Principal, regions *Regions) Reach {
	if p != nil && p.User.IsAdmin && !p.User.Disabled {
		return nil
	}
	codes := p.MunicipalitiesWithRole(auth.RoleCoordinator)
	return func(r Region) bool {
		switch r.Kind {
		case Municipality:
			return slices.Contains(codes, r.Code)
		case County:
			for _, c := range codes {
				if regions.CountyOf(c) == r.Code {
					return true
				}
			}
			return false
		default:
			return len(codes) > 0
		}
	}
}

// CanImport reports whether p may import Brå's statistics at all.
func CanImport(p *auth.Principal) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	return p.User.IsAdmin || len(p.MunicipalitiesWithRole(auth.RoleCoordinator)) > 0
}

// CanRead reports whether p reads a municipality's series: the
// administrators and everyone in an organisation that works there.
func CanRead(p *auth.Principal, code string) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	return p.User.IsAdmin || p.HasRoleInMunicipality(code, auth.RoleCoordinator, auth.RoleMember, auth.RoleReporter)
}

// Readable returns the municipalities whose series p reads; all is true for
// an administrator.
func Readable(p *auth.Principal) (codes []string, all bool) {
	if p == nil || p.User.Disabled {
		return nil, false
	}
	if p.User.IsAdmin {
		return nil, true
	}
	return p.MunicipalitiesWithRole(auth.RoleCoordinator, auth.RoleMember, auth.RoleReporter), false
}

// Import stores the rows of a parsed file in one transaction: a figure of
// a region × crime × period already stored is replaced, the others are
// added; rows outside reach are rejected with the file's own rejections.
// A file of which nothing can be stored fails with an *ImportError and
// stores nothing.
func (s *Store) Import(ctx context.Context, actor audit.Actor, src Source, parsed Parsed, reach Reach) (ImportResult, error) {
	res := ImportResult{Rejections: slices.Clone(parsed.Rejected)}
	var rows []Row
	for _, r := range parsed.Rows {
		if reach != nil && !reach(r.Region) {
			res.Rejections = append(res.Rejections, Rejection{Line: r.Line,
				Message: validation.Message{Key: "crimestats.rejected.out_of_reach", Args: []any{r.Region.Name}}})
			continue
		}
		rows = append(rows, r)
	}
	sort.SliceStable(res.Rejections, func(i, j int) bool { return res.Rejections[i].Line < res.Rejections[j].Line })
	res.Rejected = len(res.Rejections)
	if len(rows) == 0 {
		first := res.Rejections[0]
		return res, &ImportError{Line: first.Line, Message: validation.Message{Key: "crimestats.error.none_stored",
			Args: []any{res.Rejected, first.Message}}}
	}
	name := strings.TrimSpace(src.File)
	if name == "" {
		name = "-"
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res.Imported, res.Replaced = 0, 0
		now := tx.Now()
		var by sql.NullInt64
		if actor.UserID != 0 {
			by = sql.NullInt64{Int64: actor.UserID, Valid: true}
		}
		for _, r := range rows {
			var id int64
			err := db.Normalize(tx.QueryRowContext(ctx, `SELECT id FROM crime_statistics
				WHERE region_kind = ? AND region_code = ? AND crime = ? AND period = ?`,
				string(r.Region.Kind), r.Region.Code, r.Crime, r.Period.Key()).Scan(&id))
			switch {
			case errors.Is(err, db.ErrNotFound):
				_, err = tx.ExecContext(ctx, `INSERT INTO crime_statistics (region_kind, region_code, region_name, crime, crime_code,
					period, year, preliminary, count, rate, synthetic, source_file, imported_at, imported_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					string(r.Region.Kind), r.Region.Code, r.Region.Name, r.Crime, r.CrimeCode, r.Period.Key(), r.Period.Year,
					r.Preliminary, nullInt(r.Count), nullFloat(r.Rate), src.Synthetic, name, now, by)
				if err != nil {
					return fmt.Errorf("insert crime statistics line %d: %w", r.Line, err)
				}
				res.Imported++
			case err != nil:
				return err
			default:
				_, err = tx.ExecContext(ctx, `UPDATE crime_statistics SET region_name = ?, crime_code = ?, preliminary = ?,
					count = ?, rate = ?, synthetic = ?, source_file = ?, imported_at = ?, imported_by = ? WHERE id = ?`,
					r.Region.Name, r.CrimeCode, r.Preliminary, nullInt(r.Count), nullFloat(r.Rate), src.Synthetic, name, now, by, id)
				if err != nil {
					return fmt.Errorf("replace crime statistics line %d: %w", r.Line, err)
				}
				res.Replaced++
			}
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "import", Entity: "crime_statistics", EntityID: name,
			After: map[string]any{"source_file": name, "format": parsed.Format, "imported": res.Imported,
				"replaced": res.Replaced, "rejected": res.Rejected}})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func nullInt(p *int64) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: *p, Valid: true}
}

func nullFloat(p *float64) sql.NullFloat64 {
	if p == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *p, Valid: true}
}

// Point is one figure of a series.
type Point struct {
	Period      string   `json:"period"`
	Year        int      `json:"year"`
	Preliminary bool     `json:"preliminary"`
	Count       *int64   `json:"count"`
	Rate        *float64 `json:"rate"`
	Synthetic   bool     `json:"synthetic"`
	SourceFile  string   `json:"source_file"`
}

// Series is one region's figures of one crime category, oldest first.
type Series struct {
	Region Region  `json:"region"`
	Points []Point `json:"points"`
}

// Comparison is a municipality's series of a crime category beside its
// county's and the country's.
type Comparison struct {
	Crime        string `json:"crime"`
	Municipality Series `json:"municipality"`
	County       Series `json:"county"`
	Country      Series `json:"country"`
	// Periods are the periods any of the three has, in order.
	Periods []string `json:"periods"`
}

// Crimes returns the crime categories stored for a municipality, its county
// or the country, by name.
func (s *Store) Crimes(ctx context.Context, code, county string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT crime FROM crime_statistics
		WHERE (region_kind = 'municipality' AND region_code = ?) OR (region_kind = 'county' AND region_code = ?)
		OR region_kind = 'country' ORDER BY crime`, code, county)
	if err != nil {
		return nil, fmt.Errorf("list crimes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Compare returns the series of crime for the municipality, its county and
// the country. Whole years only when years is true; otherwise every period.
func (s *Store) Compare(ctx context.Context, regions *Regions, code, crime string) (Comparison, error) {
	m, ok := regions.ByCode(code)
	if !ok || m.Kind != Municipality {
		return Comparison{}, fmt.Errorf("municipality %s: %w", code, db.ErrNotFound)
	}
	county, _ := regions.ByCode(regions.CountyOf(code))
	country, _ := regions.ByCode(CountryCode)
	c := Comparison{Crime: crime, Municipality: Series{Region: m}, County: Series{Region: county}, Country: Series{Region: country}}
	rows, err := s.db.QueryContext(ctx, `SELECT region_kind, period, year, preliminary, count, rate, synthetic, source_file
		FROM crime_statistics WHERE crime = ? AND ((region_kind = 'municipality' AND region_code = ?)
		OR (region_kind = 'county' AND region_code = ?) OR region_kind = 'country') ORDER BY period`,
		crime, code, county.Code)
	if err != nil {
		return Comparison{}, fmt.Errorf("crime series: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var kind string
		var p Point
		var n sql.NullInt64
		var r sql.NullFloat64
		if err := rows.Scan(&kind, &p.Period, &p.Year, &p.Preliminary, &n, &r, &p.Synthetic, &p.SourceFile); err != nil {
			return Comparison{}, err
		}
		if n.Valid {
			p.Count = &n.Int64
		}
		if r.Valid {
			p.Rate = &r.Float64
		}
		switch RegionKind(kind) {
		case Municipality:
			c.Municipality.Points = append(c.Municipality.Points, p)
		case County:
			c.County.Points = append(c.County.Points, p)
		default:
			c.Country.Points = append(c.Country.Points, p)
		}
		if !seen[p.Period] {
			seen[p.Period] = true
			c.Periods = append(c.Periods, p.Period)
		}
	}
	if err := rows.Err(); err != nil {
		return Comparison{}, err
	}
	sortPeriods(c.Periods)
	return c, nil
}

// sortPeriods orders periods by year, the whole year after its parts.
func sortPeriods(ps []string) {
	slices.SortFunc(ps, func(a, b string) int {
		pa, _ := ParsePeriodKey(a)
		pb, _ := ParsePeriodKey(b)
		if pa.Year != pb.Year {
			return pa.Year - pb.Year
		}
		if (pa.Part == "") != (pb.Part == "") {
			if pa.Part == "" {
				return 1
			}
			return -1
		}
		return strings.Compare(pa.Part, pb.Part)
	})
}

// At returns the point of period in series, if any.
func (s Series) At(period string) (Point, bool) {
	for _, p := range s.Points {
		if p.Period == period {
			return p, true
		}
	}
	return Point{}, false
}

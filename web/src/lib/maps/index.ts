/** Offline SVG maps of the US and Mexico (no tiles, no CDN). */
export { TraceMap, type MapFlow, type MapPlaceRef, type MapPoint, type TraceMapProps } from './TraceMap';
export { loadBasemap, type Region } from './basemap';
export { arcPath, makeProjection, type MapProjection } from './projection';

import { DeviceCheck } from '../DeviceCheck/DeviceCheck.tsx';
import { HealthStatus } from '../HealthStatus/HealthStatus.tsx';

export function App() {
  return (
    <main className="app">
      <header className="app-header">
        <h1>Cifra</h1>
        <p className="tagline">Handwritten digits, recognised on your own device.</p>
      </header>
      <HealthStatus />
      <DeviceCheck />
    </main>
  );
}
